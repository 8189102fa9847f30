// The console's one stylesheet, served at /console/static/console.css: plain, high contrast, large targets
// (GOV.UK Frontend / USWDS spirit). Kept in a module so the Lambda bundle carries it without asset copying.
export const CONSOLE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 1.1875rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #0b0c0c; background: #fff; }
a { color: #1d4ed8; text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #fd0; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
.skip { position: absolute; left: -9999px; }
.skip:focus { position: static; display: block; padding: 0.5rem; background: #fd0; color: #0b0c0c; }
.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: 0.75rem 1.5rem; background: #0b0c0c; color: #fff; }
.top a, .top a:visited, .top .link { color: #fff; }
.brand { font-weight: 700; font-size: 1.5rem; margin-right: 1rem; }
.top nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; align-items: center; }
.top nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.lang { margin-left: auto; }
main { max-width: 60rem; padding: 1.5rem; margin: 0 auto; }
h1 { font-size: 2rem; margin: 0 0 1.5rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 1rem; }
h3 { font-size: 1.25rem; margin: 1.5rem 0 0.75rem; }
.field { margin-bottom: 1.25rem; }
.field label { display: block; font-weight: 700; margin-bottom: 0.25rem; }
input[type="text"], input[type="tel"], input[type="date"], input[type="time"], select, textarea { font: inherit; padding: 0.35rem; border: 2px solid #0b0c0c; min-width: 16rem; max-width: 100%; }
textarea { width: 100%; }
.has-error { border-left: 5px solid #b10e1e; padding-left: 0.75rem; }
.has-error input, .has-error select { border-color: #b10e1e; }
.error { color: #b10e1e; font-weight: 700; margin: 0 0 0.25rem; }
.hint { color: #484949; margin: 0 0 0.25rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
legend { font-weight: 700; font-size: 1.25rem; margin-bottom: 0.5rem; }
.checkbox, .radio { display: flex; align-items: center; gap: 0.5rem; margin-bottom: 0.5rem; }
.checkbox input, .radio input { width: 1.5rem; height: 1.5rem; margin: 0; }
button, .button { display: inline-block; font: inherit; font-weight: 700; padding: 0.5rem 1rem; border: 0; border-bottom: 2px solid #002d18; background: #00703c; color: #fff; cursor: pointer; text-decoration: none; margin: 0 0.5rem 0.5rem 0; min-height: 2.75rem; }
a.button, a.button:visited { color: #fff; }
button.secondary { background: #f3f2f1; color: #0b0c0c; border-bottom-color: #929191; }
button.warning { background: #b10e1e; border-bottom-color: #55070e; }
button.link { background: none; border: 0; padding: 0; min-height: 0; margin: 0; text-decoration: underline; font-weight: 400; }
form.inline { display: inline; }
.error-summary { border: 5px solid #b10e1e; padding: 1rem 1.25rem; margin-bottom: 2rem; }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: #b10e1e; font-weight: 700; }
.notice { border-left: 5px solid #1d70b8; padding: 0.5rem 1rem; background: #f3f2f1; }
.warning-notice { border-left-color: #b10e1e; }
.notes { list-style: none; padding: 0; }
.note-text { white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
caption { text-align: left; font-weight: 700; margin-bottom: 0.5rem; }
th, td { text-align: left; padding: 0.5rem 1rem 0.5rem 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1.5rem; }
dl.summary dt { font-weight: 700; }
dl.summary dd { margin: 0; }
.hearing { border-top: 2px solid #b1b4b6; margin-top: 1rem; }
.preview { border: 2px solid #1d70b8; padding: 0.5rem 1rem; margin: 1rem 0; }
.sms { white-space: pre-wrap; font-family: ui-monospace, monospace; }
.counts { display: flex; gap: 2rem; list-style: none; padding: 0; font-size: 1.25rem; }
.search { display: flex; gap: 1rem; align-items: flex-end; flex-wrap: wrap; }
.pager a { margin-right: 1.5rem; }
/* ---- Analyst pages (Indicators, Feedback): charts drawn on the server as SVG, tables that scroll ---- */
.chart { margin: 0 0 2rem; }
.chart figcaption { font-weight: 700; margin-bottom: 0.5rem; }
.chart-svg svg { display: block; max-width: 100%; height: auto; }
.table-scroll { overflow-x: auto; margin-bottom: 1.5rem; }
.table-scroll table { margin-bottom: 0; }
td.withheld, dd.withheld { font-style: italic; white-space: nowrap; }
.downloads { display: flex; gap: 1.5rem; list-style: none; padding: 0; }
.question { border-top: 2px solid #b1b4b6; margin-top: 1.5rem; padding-top: 0.5rem; }
`;
