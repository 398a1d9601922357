// UI text for this area, in Simplified Chinese; spread into the zh-CN catalog (../zh-CN.ts).
export const checklistImport = {};
