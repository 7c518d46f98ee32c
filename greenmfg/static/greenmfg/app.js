/* greenmfg: small progressive enhancements (the pages work without them).
   - forms marked data-unsaved-warning warn before leaving with unsaved changes (beforeunload);
     inputs may belong to the form from elsewhere on the page (the form="…" attribute);
   - fieldsets marked data-list-types show only for the list type chosen in the same form. */
(function () {
  "use strict";
  var dirty = new Set();

  function ownerForm(el) {
    return el && el.form && el.form.hasAttribute("data-unsaved-warning") ? el.form : null;
  }

  document.addEventListener("input", function (e) {
    var f = ownerForm(e.target);
    if (f) dirty.add(f);
  });
  document.addEventListener("change", function (e) {
    var f = ownerForm(e.target);
    if (f) dirty.add(f);
    if (e.target.name === "list_type") showListTypeSections(e.target.form);
  });
  document.addEventListener("submit", function (e) {
    dirty.delete(e.target);
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty.size) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  function showListTypeSections(form) {
    if (!form) return;
    var select = form.querySelector("[name=list_type]");
    if (!select) return;
    form.querySelectorAll("fieldset[data-list-types]").forEach(function (fs) {
      var show = fs.getAttribute("data-list-types").split(" ").indexOf(select.value) >= 0;
      fs.hidden = !show;
      fs.disabled = !show;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(showListTypeSections);
  });
})();
