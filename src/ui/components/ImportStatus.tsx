// What a HAR file's import says: its progress while it is read and judged, then what the file was
// and what could not be judged from it (the reader's notices), or why it could not be read at all.
import { flavorName, type ImportFailure, type ImportProgress, type ImportSummary } from "../har-import";
import type { FileSource } from "../sources";

const count = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? "" : "s"}`;
const entries = (n: number): string => (n === 1 ? "1 entry" : `${count(n)} entries`);

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;
}

export function progressText(name: string, size: number, progress: ImportProgress | null): string {
  if (!progress) return `Reading ${name} (${megabytes(size)})…`;
  if (progress.phase === "reading") return `Reading ${name}: ${count(progress.done)} of ${entries(progress.total)}`;
  return `Judging ${name}: ${count(progress.done)} of ${plural(progress.total, "request")}`;
}

export function summaryText(name: string, summary: ImportSummary): string {
  const writer = summary.creator ? `${flavorName(summary.flavor)}, ${summary.creator}` : flavorName(summary.flavor);
  const judged = summary.requestCount === 0 ? "no cross-origin request to judge" : `${plural(summary.requestCount, "cross-origin request")} judged`;
  return `${name}: ${entries(summary.entryCount)} written by ${writer}; ${judged}.`;
}

function Progress({ file, progress }: { file: FileSource; progress: ImportProgress | null }) {
  const text = progressText(file.name, file.size, progress);
  return (
    // Not a live region: the count changes several times a second; the end is announced (role="status" below).
    <div class="cd-banner cd-banner--import" data-testid="import-progress">
      <span>{text}</span>{" "}
      {progress ? <progress class="cd-import-bar" aria-label={text} max={progress.total} value={progress.done} /> : <progress class="cd-import-bar" aria-label={text} />}
    </div>
  );
}

function Notices({ file, summary }: { file: FileSource; summary: ImportSummary }) {
  return (
    <div class="cd-banner cd-banner--import" role="status" data-testid="import-summary">
      <p class="cd-import-line">{summaryText(file.name, summary)}</p>
      {summary.notices.length > 0 ? (
        <ul class="cd-import-notices" aria-label="What this file could not tell">
          {summary.notices.map((notice) => (
            <li key={notice.id} class={`cd-import-notice cd-import-notice--${notice.level}`} data-notice={notice.id} data-level={notice.level}>
              {notice.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Failure({ file, failure }: { file: FileSource; failure: ImportFailure }) {
  return (
    <div class="cd-banner cd-banner--error cd-import-failure" role="alert" data-testid="import-failure" data-kind={failure.kind}>
      <p class="cd-import-line">
        <strong>{file.name} could not be read as a HAR file.</strong> {failure.message}
      </p>
      <p class="cd-import-line">
        {file.received.value > 0
          ? `The ${plural(file.received.value, "request")} listed were judged before it stopped; the rest of the file was not.`
          : "Nothing in it was judged."}{" "}
        The live recording is unchanged.
      </p>
    </div>
  );
}

/** The banner below the toolbar of a file's view. */
export function ImportStatus({ file }: { file: FileSource }) {
  const status = file.status.value;
  switch (status.state) {
    case "reading":
      return <Progress file={file} progress={status.progress} />;
    case "done":
      return <Notices file={file} summary={status.summary} />;
    case "failed":
      return <Failure file={file} failure={status.failure} />;
  }
}
