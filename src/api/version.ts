/** The public API's contract version, reported by /public/health and the OpenAPI document. */
export const API_VERSION = '0.1.0';
