// nhsuk-frontend's radios mark each radio that reveals conditional content with aria-expanded, an attribute
// ARIA 1.2 does not allow on a radio (axe-core: aria-allowed-attr, critical). aria-controls already ties the
// radio to what it reveals, and the revealed fields follow it in the tab order. So take aria-expanded off again
// each time nhsuk-frontend puts it on: once it has started, after each click on a radio (the arrow keys and
// Space click them too; this listener on the document runs after nhsuk-frontend's on the radios), and when a
// page is shown again from the back-forward cache.
export function dropAriaExpandedFromRadios() {
  const drop = () => {
    for (const radio of document.querySelectorAll('input[type="radio"][aria-expanded]')) {
      radio.removeAttribute("aria-expanded")
    }
  }
  drop()
  document.addEventListener("click", drop)
  window.addEventListener("pageshow", drop)
}
