export * from "./regions";
export * from "./institutions";
export * from "./users";
export * from "./checklists";
export * from "./campaigns";
export * from "./assessments";
export * from "./audit";
