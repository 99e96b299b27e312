// The failure's names: in Firefox, Firefox's own reason first (MDN's key, its page, the console
// line Firefox prints) with Chromium's code beside it for teams that use both; in Chromium,
// Chromium's code and console line as before.
import type { ReportDiagnosis } from "../../shared/report";

function ChromiumCode({ d }: { d: ReportDiagnosis }) {
  if (!d.code) return null;
  return (
    <p class="cd-code-line" data-testid="error-code">
      Chromium: <code>{d.code}</code>
      {d.failedParameter ? (
        <>
          {" "}
          failedParameter <code>{d.failedParameter}</code>
        </>
      ) : null}
    </p>
  );
}

function firefoxReasonOf(d: ReportDiagnosis) {
  return d.browser === "firefox" ? d.firefoxReason : null;
}

/** The failure's name(s), above the explanation. */
export function FailureName({ diagnosis: d }: { diagnosis: ReportDiagnosis }) {
  const firefox = firefoxReasonOf(d);
  if (!firefox) return <ChromiumCode d={d} />;
  return (
    <>
      <p class="cd-code-line" data-testid="firefox-reason">
        Firefox: <code>{firefox.key}</code>
        {firefox.parameter ? (
          <>
            {" "}
            <code>{firefox.parameter}</code>
          </>
        ) : null}{" "}
        <a href={firefox.url} target="_blank" rel="noreferrer noopener">
          MDN
        </a>
      </p>
      <ChromiumCode d={d} />
    </>
  );
}

/** The console line the browser prints for the failure (Firefox's in Firefox), below the explanation. */
export function ConsoleLine({ diagnosis: d }: { diagnosis: ReportDiagnosis }) {
  const firefox = firefoxReasonOf(d);
  if (firefox) {
    return (
      <pre class="cd-console" data-testid="firefox-console">
        {firefox.consoleMessage}
      </pre>
    );
  }
  return d.consoleMessage ? <pre class="cd-console">{d.consoleMessage}</pre> : null;
}
