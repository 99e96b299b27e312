// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { copyText } from "../../src/ui/services";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("copyText", () => {
  it("uses the Clipboard API when it works", async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    await copyText("curl -i x");
    expect(writeText).toHaveBeenCalledWith("curl -i x");
  });

  it("falls back to a selected textarea and execCommand when the Clipboard API refuses", async () => {
    vi.stubGlobal("navigator", { clipboard: { writeText: async () => Promise.reject(new Error("Document is not focused")) } });
    let copiedFrom: string | undefined;
    const execCommand = vi.fn((command: string) => {
      copiedFrom = command === "copy" ? (document.activeElement as HTMLTextAreaElement | null)?.value ?? document.querySelector("textarea")?.value : undefined;
      return true;
    });
    Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
    await copyText("snippet <b>");
    expect(execCommand).toHaveBeenCalledWith("copy");
    expect(copiedFrom).toBe("snippet <b>");
    expect(document.querySelector("textarea")).toBeNull();
  });

  it("reports failure when neither way works", async () => {
    vi.stubGlobal("navigator", {});
    Object.defineProperty(document, "execCommand", { value: () => false, configurable: true });
    await expect(copyText("x")).rejects.toThrow(/refused/);
    expect(document.querySelector("textarea")).toBeNull();
  });
});
