// Transport between the UI and the worker, behind one small interface so that components run in
// an ordinary page (and in tests) with an in-memory fake instead of the extension runtime.
import type { Request, ResponseFor, WorkerToPanel } from "./messages";

export interface WorkerConnection {
  /** One request, one reply (runtime.sendMessage in the extension). */
  request<R extends Request>(request: R): Promise<ResponseFor<R>>;
  /** Live updates for one tab (a port in the extension); returns the unsubscribe function. */
  subscribe(tabId: number, onMessage: (message: WorkerToPanel) => void): () => void;
}
