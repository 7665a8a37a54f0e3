import type { VerifiedCertificate } from "../services/certificates/verify-certificate";

/**
 * The public verify page of a certificate (SPEC F13), a small self-contained HTML document: it is
 * what a third party (an employer) opens from the URL printed on the PDF, with a real 404 for an
 * unknown id. Every value is escaped.
 */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
:root{color-scheme:light dark;--bg:#f8fafc;--card:#fff;--ink:#1f2937;--muted:#6b7280;--accent:#4f46e5;--ok:#15803d;--bad:#b91c1c}
@media (prefers-color-scheme:dark){:root{--bg:#0f172a;--card:#1e293b;--ink:#e5e7eb;--muted:#9ca3af;--accent:#a5b4fc;--ok:#4ade80;--bad:#f87171}}
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;padding:16px}
main{background:var(--card);border-radius:12px;box-shadow:0 4px 24px rgb(0 0 0/.08);max-width:560px;width:100%;padding:32px;border-top:4px solid var(--accent)}
.brand{color:var(--accent);font-weight:700;text-decoration:none}h1{font-size:1.5rem;margin:.75rem 0}
.status{font-weight:600}.ok{color:var(--ok)}.bad{color:var(--bad)}dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:1.25rem 0 0}
dt{color:var(--muted)}dd{margin:0;font-weight:600;overflow-wrap:anywhere}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function certificatePage(c: VerifiedCertificate): string {
  const date = new Date(c.completedAt).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return page(`Certificate ${c.id} | LearnLive`, `<a class="brand" href="/">LearnLive</a>
<h1>Certificate of completion</h1>
<p class="status ok" data-testid="certificate-valid">✓ This certificate is genuine: issued by LearnLive.</p>
<dl>
<dt>Learner</dt><dd data-testid="certificate-learner">${escape(c.learnerName)}</dd>
<dt>Course</dt><dd data-testid="certificate-course">${escape(c.courseTitle)}</dd>
<dt>Instructor</dt><dd>${escape(c.instructorName)}</dd>
<dt>Completed</dt><dd data-testid="certificate-date">${escape(date)}</dd>
<dt>Certificate id</dt><dd><code>${escape(c.id)}</code></dd>
</dl>`);
}

export function unknownCertificatePage(): string {
  return page("Certificate not found | LearnLive", `<a class="brand" href="/">LearnLive</a>
<h1>Certificate not found</h1>
<p class="status bad">No LearnLive certificate has this id. Check the address printed on the certificate.</p>`);
}
