import type { DemoPerson } from './people';

/** The embedded IdP's pages: plain HTML forms with one external stylesheet and no script at all (strict CSP). */
export const IDP_STYLESHEET_PATH = '/idp/static/idp.css';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
<link rel="stylesheet" href="${IDP_STYLESHEET_PATH}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function loginPage(uid: string, people: readonly DemoPerson[]): string {
  const action = `/idp/interaction/${encodeURIComponent(uid)}`;
  const buttons = people
    .map(
      (person) => `<li><button type="submit" name="person" value="${escapeHtml(person.id)}">
<span class="name">${escapeHtml(person.name)}</span>
<span class="title">${escapeHtml(person.title)}</span>
</button></li>`,
    )
    .join('\n');
  return page(
    'Logga in — Finvis demo',
    `<h1>Logga in i Finvis</h1>
<p class="lead">Demoinloggning: välj en person att logga in som. <span lang="en">Demo sign-in: pick a person.</span></p>
<form method="post" action="${action}/login">
<ul class="people" aria-label="Demopersoner">
${buttons}
</ul>
</form>
<form method="post" action="${action}/abort">
<button type="submit" class="secondary">Avbryt</button>
</form>
<p class="note">Utvecklings-IdP: personerna är påhittade och hör till demotenanten.</p>`,
  );
}

export function logoutPage(form: string): string {
  return page(
    'Logga ut — Finvis demo',
    `<h1>Vill du logga ut från Finvis?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logga ut</button>
<button type="submit" form="op.logoutForm" class="secondary">Nej, förbli inloggad</button>`,
  );
}

export function signedOutPage(): string {
  return page(
    'Utloggad — Finvis demo',
    `<h1>Du är utloggad</h1>
<p><a href="/">Till Finvis</a></p>`,
  );
}

export function errorPage(out: object): string {
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return page(
    'Inloggningen misslyckades — Finvis demo',
    `<h1>Inloggningen misslyckades</h1>
<dl>${rows}</dl>
<p><a href="/">Till Finvis</a></p>`,
  );
}

export const IDP_STYLESHEET = `
body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0}
main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:.5rem}
h1{font-size:1.5rem;margin:0 0 .5rem}
.lead,.note{color:#334155}
.note{font-size:.875rem;margin-top:1.5rem}
ul.people{list-style:none;padding:0;margin:1rem 0;display:grid;gap:.5rem}
button{font:inherit;cursor:pointer;border-radius:.375rem;border:1px solid #1e293b;background:#1e293b;color:#fff;padding:.5rem .75rem;margin:.25rem .25rem .25rem 0}
ul.people button{width:100%;text-align:left;display:flex;flex-direction:column;background:#fff;color:#0f172a;border-color:#cbd5e1}
ul.people button:hover,ul.people button:focus-visible{border-color:#1e293b;outline:2px solid #1e293b}
.name{font-weight:600}
.title{color:#334155;font-size:.875rem}
button.secondary{background:#fff;color:#0f172a;border-color:#cbd5e1}
a{color:#1d4ed8}
dt{font-weight:600}
dd{margin:0 0 .5rem}
`;
