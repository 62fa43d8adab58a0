// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // Send the CSRF token with htmx requests.
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content');
  document.body.addEventListener('htmx:config:request', (event) => {
    if (token) event.detail.ctx.request.headers['x-csrf-token'] = token;
  });
  // Take keyboard and screen-reader users straight to the list of form problems.
  const summary = document.querySelector('.error-summary');
  if (summary instanceof HTMLElement) summary.focus();
});
