// congkhai's additions to Decap CMS on the admin page (/quan-tri/).
/* global CMS, h, createClass */
(function () {
  "use strict";

  // What the build wrote into the page: the portal's stylesheets and the collections' names.
  var settings = window.CONGKHAI_EDITOR || { styles: [], collections: [] };

  // The preview shows an item with the portal's own stylesheets.
  settings.styles.forEach(function (href) {
    CMS.registerPreviewStyle(href);
  });

  // Immutable collections, told apart without the library itself (Decap does not export it).
  function isList(value) {
    return value && typeof value.toJS === "function" && typeof value.push === "function";
  }
  function isMap(value) {
    return value && typeof value.toJS === "function" && !isList(value);
  }
  function isEmpty(value) {
    if (value === undefined || value === null || value === "") return true;
    if (typeof value === "string") return value.trim() === "";
    if (isList(value) || isMap(value)) return value.size === 0;
    return false;
  }
  function prune(value) {
    if (isMap(value)) {
      return value.map(prune).filter(function (v) { return !isEmpty(v); });
    }
    if (isList(value)) {
      return value.map(prune).filter(function (v) { return !isEmpty(v); });
    }
    return value;
  }

  // Decap writes a field the clerk cleared as "" (or an empty list or group). congkhai reads an
  // empty text as a mistake and an absent one as "not given", so empty values are left out of
  // the file, as a person writing the YAML by hand would leave them out.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      return prune(event.entry.get("data"));
    },
  });

  // One preview for every type: the fields as the portal's typography shows them.
  var Preview = createClass({
    render: function () {
      var props = this.props;
      var data = props.entry.get("data");
      var rows = props.fields
        .filter(function (field) { return field.get("name") !== "title"; })
        .map(function (field) {
          var name = field.get("name");
          var value = data.get(name);
          if (isEmpty(value)) return null;
          return h("div", { key: name },
            h("h3", {}, field.get("label")),
            props.widgetFor(name));
        });
      return h("div", {
        className: "md-typeset",
        "data-md-color-scheme": "default",
        style: { padding: "1rem" },
      },
        h("h1", {}, data.get("title") || ""),
        rows);
    },
  });
  settings.collections.forEach(function (name) {
    CMS.registerPreviewTemplate(name, Preview);
  });
})();
