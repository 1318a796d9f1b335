// The "Select all" box of django-import-export's export form (templates/admin/import_export/export.html).
// Upstream wires it with an inline onchange attribute, which the Content Security Policy blocks; the same
// handler (onSelectToggleChange, from import_export/export_selectable_fields.js) is connected here.
"use strict";
document.addEventListener("change", (event) => {
  if (event.target.matches("input.select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event);
  }
});
