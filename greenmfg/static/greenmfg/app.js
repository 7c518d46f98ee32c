/* greenmfg: small progressive enhancements (the pages work without them).
   - forms marked data-unsaved-warning warn before leaving with unsaved changes (beforeunload);
     inputs may belong to the form from elsewhere on the page (the form="…" attribute);
   - fieldsets marked data-list-types show only for the list type chosen in the same form;
   - a region cascade (select[data-cascade]) of a filter form: picking a level clears the
     levels below it and submits, so the next level's choices appear. */
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
    if (e.target.hasAttribute && e.target.hasAttribute("data-cascade")) cascade(e.target);
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

  function cascade(select) {
    var form = select.form;
    if (!form) return;
    var depth = Number(select.getAttribute("data-cascade"));
    form.querySelectorAll("select[data-cascade]").forEach(function (s) {
      if (Number(s.getAttribute("data-cascade")) > depth) s.disabled = true;
    });
    form.submit();
  }

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
