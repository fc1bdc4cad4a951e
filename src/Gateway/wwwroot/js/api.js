// The admin API key (from #key=… or typed in) and calls to the REST API with it.
import { friendlyError } from './ui.js';

const STORAGE = 'live.apiKey';

/** Takes #key=… from the URL into sessionStorage (and out of the address bar), then returns the key in use. */
export function adoptKeyFromHash() {
  // A #key= link pasted into the open tab changes only the fragment, which loads nothing: load the page with it.
  addEventListener('hashchange', () => location.reload(), { once: true });
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (key) {
    sessionStorage.setItem(STORAGE, key);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(STORAGE) ?? '';
}

export const storedKey = () => sessionStorage.getItem(STORAGE) ?? '';
export const storeKey = key => (key ? sessionStorage.setItem(STORAGE, key) : sessionStorage.removeItem(STORAGE));

/** Calls the API; throws an Error whose message is the problem document's sentence. */
export async function api(method, path, body, key = storedKey()) {
  const response = await fetch(path, {
    method,
    headers: { 'X-Api-Key': key, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(response.status === 401
      ? 'The admin API key is missing or wrong.'
      : data?.detail ?? data?.title ?? `The request failed (${response.status}).`);
    error.status = response.status;
    throw error;
  }
  return data;
}

export { friendlyError };
