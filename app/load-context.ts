// What the web server (server.js) hands every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    requestId: string;
    clientIp: string;
    /** The Content-Security-Policy nonce of this request's page (http-guards.server.ts). */
    cspNonce?: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
