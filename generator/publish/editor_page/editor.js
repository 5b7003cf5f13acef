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

  // Decap's Vietnamese (decap-cms-locales 3.8) lacks 77 of its 248 phrases, which then show in
  // English; these are the ones a clerk meets (lists, Markdown toolbar, files, media library,
  // review workflow). Decap merges the locale over English, so the rest stays as it was.
  var MISSING_VI = {
    collection: {
      collectionTop: {
        viewAsList: "Xem dạng danh sách",
        viewAsGrid: "Xem dạng lưới",
        groupBy: "Nhóm theo",
      },
      entries: { unpublishedHeader: "Mục chưa công bố" },
      groups: { other: "Khác", negateLabel: "Không %{label}" },
    },
    editor: {
      editorControl: { field: { widgetLabel: "Ô %{widgetLabel}" } },
      editorInterface: {
        togglePreview: "Bật/tắt bản xem trước",
        toggleScrollSync: "Cuộn đồng thời",
        toggleNotes: "Bật/tắt ghi chú",
      },
      editorToolbar: {
        statusInfoTooltipDraft:
          "Mục đang là bản nháp. Khi xong, chuyển trạng thái sang \u2018Đang xét duyệt\u2019 để gửi duyệt.",
        statusInfoTooltipInReview:
          "Mục đang được duyệt, không cần làm gì thêm; vẫn có thể sửa trong lúc chờ duyệt.",
      },
      editorWidgets: {
        markdown: {
          bold: "Đậm",
          italic: "Nghiêng",
          strikethrough: "Gạch ngang",
          code: "Mã",
          link: "Liên kết",
          linkPrompt: "Nhập địa chỉ của liên kết",
          headings: "Tiêu đề",
          quote: "Trích dẫn",
          bulletedList: "Danh sách gạch đầu dòng",
          numberedList: "Danh sách đánh số",
          addComponent: "Thêm thành phần",
          toggleMode: {
            rich: "Chuyển sang soạn trực quan",
            markdown: "Chuyển sang soạn Markdown",
          },
        },
        image: {
          chooseMultiple: "Chọn các hình",
          chooseUrl: "Chèn từ địa chỉ web",
          replaceUrl: "Thay bằng địa chỉ web",
          promptUrl: "Nhập địa chỉ của hình",
          addMore: "Thêm hình",
          removeAll: "Xoá tất cả hình",
        },
        file: {
          chooseUrl: "Chèn từ địa chỉ web",
          chooseMultiple: "Chọn các tập tin",
          replaceUrl: "Thay bằng địa chỉ web",
          promptUrl: "Nhập địa chỉ của tập tin",
          addMore: "Thêm tập tin",
          removeAll: "Xoá tất cả tập tin",
        },
        datetime: { setToNow: "Đặt %{fieldLabel} là hôm nay" },
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở rộng", collapse: "Thu gọn" },
      },
      editorNotesPane: {
        title: "Ghi chú",
        emptyState: "Chưa có ghi chú.",
        addNote: "Thêm ghi chú",
        addPlaceholder: "Thêm ghi chú...",
        editPlaceholder: "Sửa ghi chú...",
        save: "Lưu",
        cancel: "Huỷ",
        edit: "Sửa",
        delete: "Xoá",
        resolve: "Đã xử lý",
        unresolve: "Chưa xử lý",
        confirmDelete: "Xoá ghi chú này?",
        shortcut: "Mẹo: bấm Ctrl+Enter để thêm nhanh",
      },
    },
    mediaLibrary: {
      mediaLibraryCard: {
        copy: "Chép",
        copyUrl: "Chép địa chỉ",
        copyPath: "Chép đường dẫn",
        copyName: "Chép tên",
        copied: "Đã chép",
      },
      mediaLibraryModal: { close: "Đóng" },
    },
    ui: { settingsDropdown: { account: "Tài khoản" } },
  };

  function merged(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (key) { out[key] = base[key]; });
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      var kept = out[key];
      if (value && typeof value === "object" && kept && typeof kept === "object") {
        out[key] = merged(kept, value);
      } else if (kept === undefined) {
        out[key] = value;  // only what the bundled locale lacks
      }
    });
    return out;
  }
  CMS.registerLocale("vi", merged(CMS.getLocale("vi"), MISSING_VI));

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
