// What the web server (server.js) hands every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    requestId: string;
    clientIp: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
