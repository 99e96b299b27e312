// Everything known about one request: what failed and why, expected next to received, the fix.
import type { ComponentChildren, Ref } from "preact";
import type { DiagnosedEntry, ReportDiagnosis, ReportEntry, ServerReport } from "../../shared/report";
import { preflightCurl, requestCurl, type CurlCommand } from "../curl";
import { entryMarkdown, reportJson } from "../export";
import { failureKind, FAILURE_KINDS, networkError } from "../failures";
import type { ModuleStyle } from "../module-style";
import type { UiServices } from "../services";
import { timelineOf } from "../timeline";
import { CopyButton } from "./CopyButton";
import { ConsoleLine, FailureName } from "./FailureName";
import { FixTabs } from "./FixTabs";
import { ServerFixNote } from "./ServerView";

export interface DetailsProps {
  /** The request as recorded: its diagnosis shows at once. */
  readonly entry: DiagnosedEntry;
  /** The request with its fixes; null while the fix library loads. */
  readonly completed: ReportEntry | null;
  readonly services: UiServices;
  readonly onClose: () => void;
  readonly headingRef?: Ref<HTMLHeadingElement>;
  /** How many listed requests share this cause (the selected row is a group of them). */
  readonly sharedBy?: number;
  /** The server the entry was sent to; its fixes are this server's policy. */
  readonly server?: ServerReport;
  readonly onOpenServer?: () => void;
  /** The module style JavaScript fixes are shown in, and how to change it (a panel preference). */
  readonly moduleStyle: ModuleStyle;
  readonly onModuleStyle: (style: ModuleStyle) => void;
}

function Section({ title, children, testId }: { title: string; children: ComponentChildren; testId?: string }) {
  return (
    <section class="cd-section" data-testid={testId}>
      <h3 class="cd-section-title">{title}</h3>
      {children}
    </section>
  );
}

function Timeline({ entry }: { entry: DiagnosedEntry }) {
  return (
    <ol class="cd-timeline" data-testid="timeline">
      {timelineOf(entry).map((step, index) => (
        <li key={index} class={`cd-step${step.failed ? " cd-step--failed" : ""}`} data-kind={step.kind} data-failed={step.failed ? "true" : "false"}>
          <span class="cd-step-kind">{step.kind}</span> <span class="cd-step-method">{step.method}</span>{" "}
          <span class="cd-step-url" title={step.url}>
            {step.url}
          </span>{" "}
          <span class="cd-step-status">{step.status === null ? "no response" : String(step.status)}</span>
          {step.note ? <span class="cd-step-note"> {step.note}</span> : null}
          {step.failed ? <strong class="cd-step-blocked"> blocked here</strong> : null}
        </li>
      ))}
    </ol>
  );
}

function Checks({ entry }: { entry: DiagnosedEntry }) {
  return (
    <table class="cd-checks" data-testid="checks">
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col">Header</th>
          <th scope="col">Browser expected</th>
          <th scope="col">Server sent</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {entry.diagnosis.checks.map((check, index) => (
          <tr key={index} class={check.failing ? "cd-check--failing" : check.ok ? "cd-check--ok" : "cd-check--bad"} data-failing={check.failing ? "true" : "false"}>
            <td>{check.stage}</td>
            <td>
              <code>{check.header}</code>
            </td>
            <td>
              <code>{check.expected}</code>
            </td>
            <td>{check.received === null ? <em class="cd-absent">absent</em> : <code>{check.received}</code>}</td>
            <td>
              {check.failing ? <strong>✕ fails</strong> : check.ok ? "✓ ok" : "✕ not ok"}
              {check.note ? <div class="cd-note">{check.note}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CurlBlock({ label, command, copy, testId }: { label: string; command: CurlCommand; copy: UiServices["copyText"]; testId: string }) {
  return (
    <div class="cd-curl" data-testid={testId}>
      <div class="cd-curl-label">{label}</div>
      <div class="cd-code-block">
        {/* Focusable: a keyboard can scroll a long line sideways. */}
        <pre class="cd-code" tabIndex={0}>
          <code>{command.command}</code>
        </pre>
        <CopyButton text={command.command} copy={copy} testId={`copy-${testId}`} />
      </div>
      {command.placeholders.length > 0 ? (
        <p class="cd-note">Fill in before running: {command.placeholders.join(", ")} (redacted when recorded or not observable).</p>
      ) : null}
    </div>
  );
}

/** What a failure that is not CORS is, and what to do about it. */
function NotCors({ entry }: { entry: DiagnosedEntry }) {
  const kind = failureKind(entry);
  if (kind === null) return null;
  const info = FAILURE_KINDS[kind];
  const error = networkError(entry);
  return (
    <div class="cd-not-cors" data-testid="not-cors" data-failure={kind}>
      <p>
        <strong>{info.label}</strong>
        {kind === "local-network" ? " (reported as a CORS error)" : ": not a CORS failure"}
        {error ? (
          <>
            {" "}
            — <code>{error}</code>
          </>
        ) : null}
      </p>
      <p>
        <span class="cd-label">What it is:</span> {info.what}
      </p>
      <p data-testid="not-cors-todo">
        <span class="cd-label">What to do:</span> {info.todo}
      </p>
    </div>
  );
}

function PreflightReasons({ entry }: { entry: DiagnosedEntry }) {
  const reasons = entry.diagnosis.preflightReasons;
  return (
    <Section title="Why the browser sent a preflight" testId="preflight-reasons">
      {entry.preflight ? (
        reasons.length > 0 ? (
          <ul>
            {reasons.map((reason, index) => (
              <li key={index}>{reason.detail}</li>
            ))}
          </ul>
        ) : (
          <p>A preflight was sent; the reason could not be determined from what the browser reported.</p>
        )
      ) : (
        <p>No preflight: this was a simple request (safelisted method and headers).</p>
      )}
    </Section>
  );
}

/** What the engine inferred and the advisories it gave, when there are any. */
function Notes({ diagnosis: d }: { diagnosis: ReportDiagnosis }) {
  return (
    <>
      {d.inferred.length > 0 ? (
        <Section title="Inferred facts" testId="inferred">
          <ul>
            {d.inferred.map((fact, index) => (
              <li key={index}>
                <span class="cd-badge cd-badge--inferred">inferred</span> {fact.fact}: <code>{fact.value}</code>
                <div class="cd-note">Evidence: {fact.evidence}</div>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {d.advisories.length > 0 ? (
        <Section title="Advisories" testId="advisories">
          <ul>
            {d.advisories.map((advisory) => (
              <li key={advisory.id}>{advisory.message}</li>
            ))}
          </ul>
        </Section>
      ) : null}
    </>
  );
}

type FixSectionProps = Pick<DetailsProps, "entry" | "completed" | "server" | "onOpenServer" | "services" | "moduleStyle" | "onModuleStyle">;

/** A blocked request's fix: its server's, one tab per stack; the engine's words when no stack fix exists. */
function FixSection({ entry, completed, server, onOpenServer, services, moduleStyle, onModuleStyle }: FixSectionProps) {
  if (!completed) {
    return (
      <Section title="Fix" testId="fixes">
        <p class="cd-note" data-testid="fixes-loading">
          Computing the fix from every request seen to this server…
        </p>
      </Section>
    );
  }
  const fixes = completed.fixes;
  return (
    <Section title="Fix" testId="fixes">
      {fixes.length > 0 && server?.fixes === fixes ? <ServerFixNote server={server} onOpen={onOpenServer ?? (() => undefined)} /> : null}
      {fixes.length > 0 ? (
        <FixTabs
          key={entry.id}
          entryId={entry.id}
          fixes={fixes}
          detected={completed.detectedStacks}
          copy={services.copyText}
          moduleStyle={moduleStyle}
          onModuleStyle={onModuleStyle}
        />
      ) : (
        <p>{entry.diagnosis.genericFix ?? "No fix is known for this failure."}</p>
      )}
    </Section>
  );
}

function CopyRequest({ completed, services }: { completed: ReportEntry | null; services: UiServices }) {
  return (
    <Section title="Copy this request">
      <div class="cd-actions">
        <CopyButton
          text={() => (completed ? reportJson([completed], services.now()) : "")}
          disabled={!completed}
          copy={services.copyText}
          label="Copy as JSON"
          testId="copy-entry-json"
        />
        <CopyButton
          text={() => (completed ? entryMarkdown(completed) : "")}
          disabled={!completed}
          copy={services.copyText}
          label="Copy as Markdown"
          testId="copy-entry-markdown"
        />
      </div>
    </Section>
  );
}

function DetailsHeader({ entry, onClose, headingRef, sharedBy }: Pick<DetailsProps, "entry" | "onClose" | "headingRef"> & { sharedBy: number }) {
  return (
    <>
      <header class="cd-details-header">
        <h2 class="cd-details-title" tabIndex={-1} ref={headingRef}>
          {entry.diagnosis.title || (entry.blocked ? "Blocked" : "Allowed")}
        </h2>
        <button type="button" class="cd-button cd-icon-button" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </header>
      <p class="cd-request-line">
        <span class="cd-method">{entry.method}</span> <span class="cd-url">{entry.url}</span>
      </p>
      {sharedBy > 1 ? (
        <p class="cd-shared" data-testid="shared-by">
          {sharedBy} listed requests share this cause (same server, error and parameter); the first of them is shown, and one fix covers them all.
        </p>
      ) : null}
    </>
  );
}

export function Details(props: DetailsProps) {
  const { entry, services, onClose, headingRef, sharedBy = 1 } = props;
  const d = entry.diagnosis;
  const preflight = preflightCurl(entry);
  const request = requestCurl(entry);
  return (
    <div class="cd-details" data-testid="details" aria-label="Request details" role="region">
      <DetailsHeader entry={entry} onClose={onClose} headingRef={headingRef} sharedBy={sharedBy} />
      <NotCors entry={entry} />
      <Section title="Explanation" testId="explanation-section">
        <FailureName diagnosis={d} />
        <p class="cd-explanation" data-testid="explanation">
          {d.explanation}
        </p>
        <ConsoleLine diagnosis={d} />
      </Section>
      <PreflightReasons entry={entry} />
      <Section title="Timeline">
        <Timeline entry={entry} />
      </Section>
      {d.checks.length > 0 ? (
        <Section title="Expected vs received">
          <Checks entry={entry} />
        </Section>
      ) : null}
      <Notes diagnosis={d} />
      {entry.blocked ? <FixSection {...props} /> : null}
      <Section title="Reproduce" testId="reproduce">
        {preflight ? <CurlBlock label="Preflight" command={preflight} copy={services.copyText} testId="curl-preflight" /> : null}
        <CurlBlock label="Actual request" command={request} copy={services.copyText} testId="curl-request" />
      </Section>
      <CopyRequest completed={props.completed} services={services} />
    </div>
  );
}
