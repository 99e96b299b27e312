// The one fake devtools-page port for the background's tests.
import type { DevtoolsPagePort } from "../../src/background/background";

/** A devtools page's port; send() is the page posting, close() is DevTools closing. */
export class FakeDevtoolsPort implements DevtoolsPagePort {
  private closers: (() => void)[] = [];
  private receivers: ((message: unknown) => void)[] = [];
  onDisconnect(listener: () => void): void {
    this.closers.push(listener);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.receivers.push(listener);
  }
  send(message: unknown): void {
    for (const receiver of this.receivers) receiver(message);
  }
  close(): void {
    for (const listener of this.closers) listener();
  }
}
