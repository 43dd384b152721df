/** The server's clock when a request is rendered: relative times hydrate against it. */
export function requestTime(): number {
  return Date.now();
}
