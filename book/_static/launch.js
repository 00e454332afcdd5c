// "On your JupyterHub": the reader types the hub's address; the form opens nbgitpuller there,
// which pulls the course's repository into the reader's home and opens this notebook.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.course-hub")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const hub = form.elements.hub.value.trim().replace(/\/+$/, "");
      if (!/^https?:\/\/[^\s/?#]+/.test(hub)) {
        form.elements.hub.setCustomValidity("an address like https://your-hub.example.org");
        form.reportValidity();
        return;
      }
      const query = new URLSearchParams({repo: form.dataset.repo, branch: form.dataset.branch,
                                         urlpath: form.dataset.urlpath});
      window.location.href = `${hub}/hub/user-redirect/git-pull?${query}`;
    });
    form.elements.hub.addEventListener("input", () => form.elements.hub.setCustomValidity(""));
  }
});
