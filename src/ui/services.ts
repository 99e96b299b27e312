// Side effects the UI needs besides the worker: the clipboard, saving a file, the clock, access.
// Components receive them as a prop so tests can observe them without a real clipboard.

export interface UiServices {
  copyText(text: string): Promise<void>;
  saveFile(fileName: string, text: string, mimeType: string): void;
  now(): Date;
  /** *Record always*'s access, asked for (in a user gesture) and given back; the panel page passes it. */
  readonly recordAlways?: {
    request(): Promise<boolean>;
    revoke(): Promise<boolean>;
  };
}

/** Copies with the async Clipboard API, falling back to a hidden textarea and execCommand,
 * which DevTools panels need because the Clipboard API is often refused there. */
export async function copyText(text: string): Promise<void> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    // Fall through to the textarea path.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  let ok = false;
  try {
    area.select();
    // Deprecated but still the only synchronous copy path where the Clipboard API is blocked.
    ok = document.execCommand("copy");
  } finally {
    area.remove();
  }
  if (!ok) throw new Error("The browser refused to copy.");
}

export function saveFile(fileName: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const browserServices: UiServices = { copyText, saveFile, now: () => new Date() };
