// The progress page of a record file or a disclosure bundle (ADR 39): asks the status JSON every two seconds until the file is ready or
// has failed, and says so in the page's live region. Without script the page's refresh link does the same.
const region = document.querySelector("[data-record-file]");
if (region && region.dataset.finished !== "true") {
  const message = region.querySelector("[data-record-file-message]");
  const download = region.querySelector("[data-record-file-download]");
  const link = region.querySelector("[data-record-file-link]");
  const updates = document.querySelector("[data-record-file-updates]");
  const refresh = document.querySelector("[data-record-file-refresh]");
  if (updates) updates.hidden = false;
  if (refresh) refresh.hidden = true;
  let shown = message.textContent.trim();
  const check = async () => {
    let status;
    try {
      const answer = await fetch(region.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (!answer.ok) throw new Error(`status ${answer.status}`);
      status = await answer.json();
    } catch {
      if (refresh) refresh.hidden = false; // the plain link still works
      window.setTimeout(check, 5000);
      return;
    }
    if (status.message !== shown) {
      message.textContent = status.message;
      shown = status.message;
    }
    if (status.ready && region.dataset.reloadWhenReady === "true") {
      // A page that shows more once the file is made (a disclosure bundle's draft): show it.
      window.location.reload();
    } else if (status.ready) {
      link.setAttribute("href", status.download_url);
      download.hidden = false;
      if (updates) updates.hidden = true;
    } else if (status.failed) {
      // The page itself offers asking again (a form with its token): show it.
      window.location.reload();
    } else {
      window.setTimeout(check, 2000);
    }
  };
  window.setTimeout(check, 1000);
}
