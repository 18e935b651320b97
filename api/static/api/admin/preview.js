// "Show the preview here" on the admin's Preview via API page: fetches the draft's
// representation with the token in its header (never in the address) and shows it.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-api-preview-show]");
  const output = document.querySelector("[data-api-preview-output]");
  if (!button || !output) return;
  button.addEventListener("click", async () => {
    const url = document.querySelector("[data-api-preview-url]").value;
    const token = document.querySelector("[data-api-preview-token]").value;
    output.hidden = false;
    try {
      const response = await fetch(url, { headers: { "X-Preview-Token": token } });
      const body = await response.json();
      output.textContent = JSON.stringify(body, null, 2);
    } catch (error) {
      output.textContent = String(error);
    }
  });
});
