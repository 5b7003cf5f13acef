"""The catalogue of diagnostic codes: a stable id, a Vietnamese title and a default hint each.

Codes never change meaning once published: staff search for them, and the docs link to them by
anchor (docs/loi.md). CK1xx are content errors, CK2xx are warnings, CK4xx are compliance
findings (warnings; those of binding rules stop `build --strict`) and rule-file errors, CK60x
concern making a new commune's repository (`congkhai init`), CK65x the intake service of questions
and ratings (`congkhai intake`), CK90x come from the build machinery itself, CK95x are content
errors about the Law 10/2022 groups that need their own code (call-up lists).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    slug: str
    title: str
    hint: str


_CODES = [
    Code(
        "CK100",
        "yaml-syntax",
        "Lỗi cú pháp YAML",
        "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu hai chấm sau tên trường và "
        "dấu ngoặc kép đóng mở đủ cặp.",
    ),
    Code(
        "CK101",
        "missing-field",
        "Thiếu trường bắt buộc",
        "Thêm trường này vào tệp; xem mẫu trong docs/soan-thao.md.",
    ),
    Code(
        "CK102",
        "unknown-field",
        "Trường không được hỗ trợ",
        "Xoá trường này hoặc sửa lại tên cho đúng.",
    ),
    Code("CK103", "wrong-type", "Sai kiểu dữ liệu", "Ghi giá trị đúng kiểu mà trường yêu cầu."),
    Code(
        "CK104",
        "invalid-value",
        "Giá trị không hợp lệ",
        "Sửa giá trị cho nằm trong phạm vi cho phép.",
    ),
    Code(
        "CK105",
        "not-allowed",
        "Giá trị không có trong danh sách cho phép",
        "Chọn một trong các giá trị được liệt kê.",
    ),
    Code(
        "CK106",
        "totals-mismatch",
        "Tổng cộng không khớp với các dòng chi tiết",
        "Sửa số tổng hoặc số của các dòng chi tiết cho khớp nhau.",
    ),
    Code(
        "CK107",
        "duplicate",
        "Trùng lặp",
        "Mỗi mục phải có địa chỉ (URL) và số thứ tự riêng; đổi tên tệp hoặc trường `slug`.",
    ),
    Code(
        "CK108",
        "file-not-found",
        "Không tìm thấy tệp đính kèm",
        "Đặt tệp vào thư mục content/files/ và ghi đường dẫn tính từ thư mục đó.",
    ),
    Code(
        "CK109",
        "unknown-type",
        "Thư mục không phải loại công khai đã biết",
        "Đặt tệp YAML vào đúng thư mục loại: ngan-sach, ho-ngheo, hoi-dap.",
    ),
    Code(
        "CK110",
        "not-a-mapping",
        "Tệp không chứa một bản ghi",
        "Mỗi tệp YAML mô tả một mục công khai: các dòng dạng `ten_truong: gia_tri`.",
    ),
    Code(
        "CK111",
        "date-order",
        "Thứ tự ngày tháng không hợp lý",
        "Kiểm tra lại các ngày: ngày kết thúc không được trước ngày bắt đầu.",
    ),
    Code(
        "CK112",
        "duplicate-key",
        "Một trường được ghi hai lần",
        "Xoá một trong hai dòng; YAML chỉ giữ dòng sau cùng nên dữ liệu có thể bị mất.",
    ),
    Code(
        "CK113",
        "encoding",
        "Tệp không phải UTF-8",
        "Lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Save with Encoding → UTF-8).",
    ),
    Code(
        "CK114",
        "inconsistent",
        "Dữ liệu mâu thuẫn",
        "Các trường liên quan phải được ghi cùng nhau hoặc cùng để trống.",
    ),
    Code(
        "CK115",
        "broken-reference",
        "Liên kết đến mục không tồn tại",
        "Ghi đúng địa chỉ của mục được liên kết (thư mục loại/năm/tên-tệp/).",
    ),
    Code(
        "CK150",
        "placeholder",
        "Chưa điền chỗ trống trong tệp mẫu",
        "Thay cả cụm `<điền ...>` hoặc `<chọn ...>` bằng giá trị thật; trường không bắt buộc "
        "thì có thể xoá cả dòng.",
    ),
    Code(
        "CK151",
        "spreadsheet-unreadable",
        "Không đọc được bảng tính",
        "Lưu bảng tính dạng .xlsx (Excel 2007 trở lên) hoặc .csv mã UTF-8 rồi nhập lại.",
    ),
    Code(
        "CK152",
        "spreadsheet-missing-column",
        "Bảng tính thiếu cột cần thiết",
        'Đặt tiêu đề cột đúng tên (ví dụ "Nội dung", "Dự toán") ở một dòng phía trên số liệu.',
    ),
    Code(
        "CK153",
        "spreadsheet-not-a-number",
        "Ô số liệu không phải số nguyên không âm",
        "Ghi số tiền là số nguyên (không có phần thập phân, không âm); để trống nếu không có số.",
    ),
    Code(
        "CK154",
        "spreadsheet-bad-code",
        "Mã số dòng không đúng dạng hoặc sai thứ bậc",
        "Dùng mã theo biểu mẫu: I, II... cho mục lớn; 1, 2... cho dòng; 1.1, 1.2... cho dòng con.",
    ),
    Code(
        "CK155",
        "spreadsheet-empty-cell",
        "Ô bắt buộc bị để trống",
        "Điền ô này hoặc xoá cả dòng nếu dòng đó thừa.",
    ),
    Code(
        "CK156",
        "spreadsheet-formula",
        "Ô có công thức nhưng chưa có kết quả đã tính",
        "Mở tệp bằng Excel hoặc LibreOffice để chương trình tính lại, lưu tệp rồi nhập lại.",
    ),
    Code(
        "CK157",
        "spreadsheet-unknown-sheet",
        "Không biết trang tính này là bảng nào",
        'Đặt tên trang tính theo nội dung (ví dụ "Thu", "Chi", "Hộ nghèo", "Hộ cận nghèo") '
        "hoặc chỉ rõ bằng tuỳ chọn của lệnh.",
    ),
    Code(
        "CK158",
        "file-exists",
        "Tệp đích đã có",
        "Chọn tiêu đề khác để có tên tệp khác; với lệnh import, thêm --force để ghi đè tệp cũ.",
    ),
    Code(
        "CK159",
        "spreadsheet-unit",
        "Đơn vị tính trong bảng tính khác đơn vị đã chọn",
        "Kiểm tra lại đơn vị tính (đồng, nghìn đồng, triệu đồng): sửa dòng “Đơn vị tính” trong "
        "bảng tính hoặc tuỳ chọn --unit cho khớp.",
    ),
    Code(
        "CK160",
        "spreadsheet-row-below-table",
        "Dòng số liệu nằm dưới phần cuối bảng",
        "Bảng kết thúc ở dòng cộng, dòng “Ghi chú” hoặc phần ký tên: đưa mọi dòng số liệu lên "
        "trên các dòng đó.",
    ),
    Code(
        "CK116",
        "too-complex",
        "Cấu trúc tệp không được phép",
        "Không dùng bí danh (& và *) và không lồng dữ liệu quá sâu.",
    ),
    Code(
        "CK117",
        "too-large",
        "Tệp quá lớn",
        "Chia nội dung thành nhiều tệp, hoặc đặt tài liệu lớn vào content/files/ làm tệp đính kèm.",
    ),
    Code(
        "CK118",
        "attachment-type",
        "Loại tệp đính kèm không được phép",
        "Chỉ đăng PDF, ảnh (PNG, JPEG, GIF, WebP), văn bản Office, ZIP, MP3, MP4, đúng định dạng "
        "như phần mở rộng của tên tệp; không đăng SVG, HTML.",
    ),
    Code(
        "CK119",
        "file-name",
        "Tên hoặc đường dẫn tệp không dùng được",
        "Đặt tên tệp ngắn, chỉ dùng chữ, số, dấu gạch ngang và dấu chấm, không có ký tự ẩn.",
    ),
    Code(
        "CK120",
        "reserved-name",
        "Tên tệp trùng với trang do cổng tự tạo",
        "Đổi tên tệp hoặc đặt trường `slug` khác: `index` là trang danh sách của chuyên mục.",
    ),
    Code(
        "CK121",
        "outside-content",
        "Tệp nội dung là liên kết ra ngoài thư mục content/",
        "Chép nội dung vào một tệp thật trong content/ thay cho liên kết (symlink).",
    ),
    Code(
        "CK122",
        "unknown-unit",
        "Không biết đơn vị tính",
        "Ghi đơn vị đúng như in trên biểu: “đồng”, “1000 đồng”, “nghìn đồng” hoặc “triệu đồng”.",
    ),
    Code(
        "CK123",
        "unknown-form",
        "Không có mẫu biểu này",
        "Ghi số hiệu biểu 103/CK TC-NSNN đến 120/CK TC-NSNN, hoặc liệt kê các cột ở `columns`.",
    ),
    Code(
        "CK130",
        "personal-data",
        "Có thể lộ thông tin cá nhân",
        "Xoá thông tin cá nhân (số CCCD, điện thoại, ngày sinh, tài khoản) khỏi nội dung.",
    ),
    Code(
        "CK131",
        "hidden-characters",
        "Văn bản có ký tự ẩn hoặc ký tự đổi chiều chữ",
        "Gõ lại đoạn có ký tự ẩn: ký tự đổi chiều (U+202E…) làm người dân đọc thấy số, ngày "
        "khác với nội dung thật; ký tự không độ rộng (U+200B…) làm tìm kiếm bỏ sót.",
    ),
    Code(
        "CK201",
        "answer-late",
        "Câu hỏi trả lời quá hạn",
        "Ghi chú lý do chậm trả lời trong phần trả lời nếu có.",
    ),
    Code(
        "CK202",
        "question-overdue",
        "Câu hỏi đã quá hạn mà chưa có trả lời",
        "Bổ sung câu trả lời (`answer`, `answered`, `answered_by`).",
    ),
    Code(
        "CK203",
        "editor-bundle-missing",
        "Chưa tải được mã của trang soạn thảo, trang /quan-tri/ không được xuất bản lần này",
        "Máy dựng cần vào được registry.npmjs.org một lần để tải gói decap-cms đã ghim phiên bản "
        "(rồi giữ trong bộ nhớ đệm); kiểm tra mạng hoặc đặt CONGKHAI_CACHE_DIR trỏ tới thư mục đã "
        "có gói. Các trang cho người dân vẫn được xuất bản.",
    ),
    Code(
        "CK204",
        "figures-disagree",
        "Số liệu chi tiết không cộng ra số tổng văn bản ghi",
        "Số liệu vẫn được đăng đúng như văn bản đã ký; đối chiếu văn bản gốc, nếu gõ nhầm thì "
        "sửa cho đúng văn bản.",
    ),
    Code(
        "CK206",
        "budget-total-differs",
        "Số tổng của biểu ngân sách khác tổng các dòng con",
        "Số liệu chính thức vẫn được đăng như đã ký; nếu biểu chỉ kê một phần các dòng con, ghi "
        "`children: partial` cho dòng đó.",
    ),
    Code(
        "CK207",
        "budget-formula-differs",
        "Số của cột tính theo công thức khác số ghi trên biểu",
        "Số liệu chính thức vẫn được đăng như đã ký; đối chiếu lại với biểu gốc.",
    ),
    Code(
        "CK208",
        "attachment-unchecked",
        "Không kiểm tra hết được nội dung tệp đính kèm",
        "Mở tệp kiểm tra lại (số CCCD, điện thoại, ngày sinh của người dân); lưu lại đúng định "
        "dạng, không đặt mật khẩu, rồi đặt vào content/files/.",
    ),
    Code(
        "CK260",
        "example-content",
        "Còn mục ví dụ trong content/",
        "Xoá mọi mục ví dụ bằng lệnh `congkhai examples remove` (trang giới thiệu trong "
        "content/to-chuc/: sửa cho đúng rồi xoá dòng `example: true`); khi còn mục ví dụ, "
        "`congkhai build --strict` không xuất bản.",
    ),
    Code(
        "CK401",
        "disclosure-missing",
        "Chưa công khai nội dung bắt buộc",
        "Đăng mục còn thiếu (xem /muc-do-cong-khai/ và docs/quy-tac.md); cảnh báo này làm "
        "`build --strict` dừng.",
    ),
    Code(
        "CK402",
        "disclosure-late",
        "Công khai chậm so với thời hạn luật định",
        "Không sửa ngày đăng cho đúng hạn: ngày đăng phải là ngày thật. Lần sau đăng sớm hơn.",
    ),
    Code(
        "CK403",
        "disclosure-incomplete",
        "Mục công khai thiếu thông tin luật yêu cầu",
        "Bổ sung trường còn thiếu vào tệp (hoặc vào site_config/site.yaml).",
    ),
    Code(
        "CK410",
        "rule-duplicate-id",
        "Trùng mã quy tắc",
        "Mỗi quy tắc có một mã riêng; quy tắc của xã trong site_config/rules.yaml được dùng mã "
        "của bộ quy tắc chung để thay thế quy tắc đó.",
    ),
    Code(
        "CK490",
        "disclosure-advisory",
        "Chưa đạt khuyến nghị hoặc quy tắc chưa kiểm chứng (chỉ cảnh báo)",
        "Nên bổ sung; cảnh báo này không làm `build --strict` dừng vì căn cứ chưa chắc chắn "
        "hoặc chỉ là khuyến nghị.",
    ),
    Code(
        "CK300",
        "open-data-write-failed",
        "Không ghi được nguồn tin hoặc dữ liệu mở",
        "Kiểm tra dung lượng đĩa và quyền ghi vào thư mục .congkhai-build/; site/ cũ vẫn được "
        "giữ nguyên.",
    ),
    Code(
        "CK500",
        "search-tool-missing",
        "Thiếu chương trình Pagefind để dựng chỉ mục tìm kiếm (mã cũ, không còn dùng)",
        "congkhai nay tự dựng chỉ mục tìm kiếm, không cần Pagefind nữa; mã này không còn xuất "
        "hiện. Nếu vẫn gặp, hãy cập nhật congkhai: `uv sync --locked`.",
    ),
    Code(
        "CK501",
        "search-index-failed",
        "Không dựng được chỉ mục tìm kiếm",
        "Nếu thông báo nêu một trang: giao diện (theme/main.html hoặc bản ghi đè của xã) đã làm "
        "hỏng phần nội dung được đánh dấu cho tìm kiếm; khôi phục rồi dựng lại. Nếu không ghi được "
        "tệp: kiểm tra dung lượng đĩa và quyền ghi. site/ cũ vẫn được giữ nguyên.",
    ),
    Code(
        "CK502",
        "search-markers-missing",
        "Các trang nội dung không có dấu hiệu cho công cụ tìm kiếm",
        "Giao diện (theme/main.html) phải giữ khối `content` có thuộc tính `data-ck-search-body` "
        "và chỗ đánh dấu `<!-- ck-search-end -->`; khôi phục phần đó rồi dựng lại.",
    ),
    Code(
        "CK600",
        "init-target-not-empty",
        "Thư mục tạo cổng mới đã có tệp",
        "Chọn một thư mục chưa có hoặc thư mục trống; congkhai init không ghi đè tệp nào.",
    ),
    Code(
        "CK601",
        "init-commune-name",
        "Tên xã chưa ghi cấp hành chính",
        'Ghi đủ cả cấp ở đầu tên, ví dụ "Xã Tân Hòa", "Phường Đông Thành", "Đặc khu Cô Tô".',
    ),
    Code(
        "CK602",
        "init-province-name",
        "Tên tỉnh chưa ghi cấp hành chính",
        'Ghi đủ cả cấp ở đầu tên, ví dụ "Tỉnh Ninh Bình", "Thành phố Hải Phòng".',
    ),
    Code(
        "CK603",
        "init-congkhai-spec",
        "Dòng cài đặt congkhai không dùng được",
        'Ghi một trong ba dạng: phiên bản, ví dụ "congkhai==0.1.0"; đường dẫn tệp wheel, ví dụ '
        '"dist/congkhai-0.1.0-py3-none-any.whl"; hoặc địa chỉ kho gói của tỉnh, kết thúc bằng '
        '"/", ví dụ "https://pypi.tinh.gov.vn/simple/".',
    ),
    Code(
        "CK604",
        "editor-backend",
        "Nơi lưu kho của trang soạn thảo không đúng dạng",
        "Ghi --backend gitlab hoặc github và --repo dạng nhóm/tên-kho, ví dụ "
        '"ubnd-tan-hoa/cong-cong-khai" (phần sau gitlab.com/ hoặc github.com/ trong địa chỉ kho).',
    ),
    Code(
        "CK605",
        "init-phone",
        "Số điện thoại văn phòng chưa đầy đủ",
        'Ghi số người dân gọi được, cả mã vùng, ví dụ "0229 3861 245"; số di động 10 chữ số, '
        'ví dụ "0912 345 678".',
    ),
    Code(
        "CK650",
        "intake-personal-data",
        "Câu hỏi nhận qua cổng có vẻ chứa thông tin cá nhân",
        "Xem lại bản nháp: xoá số điện thoại, số CCCD, địa chỉ thư điện tử của người hỏi khỏi "
        "nội dung trước khi đăng; muốn liên hệ lại thì dùng thông tin trong dịch vụ tiếp nhận.",
    ),
    Code(
        "CK651",
        "ratings-file",
        "Tệp số lượt đánh giá trang không đọc được",
        "Xuất lại tệp bằng `congkhai intake ratings`; không sửa tay tệp site_config/danh-gia.json.",
    ),
    Code(
        "CK652",
        "intake-registry",
        "Danh sách xã của dịch vụ tiếp nhận có lỗi",
        "Mỗi xã cần `code` (mã đơn vị hành chính, không trùng), `name` và `url` (địa chỉ cổng); "
        "xem docs/tiep-nhan.md.",
    ),
    Code(
        "CK700",
        "audit-registry-missing",
        "Không có tệp danh sách xã cần kiểm tra",
        "Ghi đúng đường dẫn tệp danh sách xã (YAML); xem mẫu examples/audit/registry.yaml.",
    ),
    Code(
        "CK701",
        "audit-duplicate-commune",
        "Một mã xã được ghi hai lần trong danh sách",
        "Mỗi xã chỉ ghi một lần; xoá dòng thừa hoặc sửa lại mã cho đúng.",
    ),
    Code(
        "CK702",
        "audit-unknown-code",
        "Mã đơn vị hành chính không có trong danh mục",
        "Kiểm tra lại mã 5 chữ số của xã (2 chữ số của tỉnh) theo danh mục đơn vị hành chính "
        "sau ngày 1/7/2025; xã mới thành lập có thể chưa có trong danh mục của công cụ.",
    ),
    Code(
        "CK703",
        "audit-name-mismatch",
        "Tên xã khác tên trong danh mục đơn vị hành chính",
        "Ghi tên đúng như danh mục, hoặc bỏ trường `name` để công cụ lấy tên theo mã.",
    ),
    Code(
        "CK704",
        "audit-other-province",
        "Xã không thuộc tỉnh đang kiểm tra",
        "Kiểm tra lại mã xã, hoặc mã tỉnh ở trường `province` của danh sách.",
    ),
    Code(
        "CK705",
        "audit-rules-missing",
        "Không có tệp quy tắc bổ sung của tỉnh",
        "Sửa đường dẫn trong `rules` (tính từ thư mục của tệp danh sách xã) hoặc xoá dòng đó.",
    ),
    Code(
        "CK710",
        "audit-unreachable",
        "Không đọc được cổng của xã",
        "Kiểm tra địa chỉ hoặc thư mục ghi trong danh sách xã, và cổng của xã có đang hoạt động "
        "không; các xã khác vẫn được kiểm tra.",
    ),
    Code(
        "CK711",
        "audit-manifest-not-json",
        "manifest.json của xã không phải JSON",
        "Cổng của xã cần trả tệp /api/manifest.json do congkhai dựng; báo cho xã dựng lại cổng.",
    ),
    Code(
        "CK712",
        "audit-manifest-invalid",
        "manifest.json của xã không đúng lược đồ",
        "Tệp phải theo lược đồ /schemas/manifest.schema.json (phiên bản 1.1); báo cho xã dựng lại "
        "cổng bằng phiên bản congkhai mới.",
    ),
    Code(
        "CK713",
        "audit-manifest-too-large",
        "manifest.json của xã quá lớn",
        "Kiểm tra địa chỉ có đúng là cổng của xã không; nếu đúng, tăng `max_bytes` trong danh "
        "sách xã.",
    ),
    Code(
        "CK714",
        "audit-redirects",
        "Cổng của xã chuyển hướng vòng quanh hoặc ra ngoài http(s)",
        "Kiểm tra cấu hình máy chủ của cổng, hoặc ghi thẳng địa chỉ cuối cùng vào danh sách xã.",
    ),
    Code(
        "CK715",
        "audit-timeout",
        "Cổng của xã trả lời quá chậm",
        "Thử lại sau, hoặc tăng `timeout` (giây) trong danh sách xã.",
    ),
    Code(
        "CK716",
        "audit-content-invalid",
        "Kho nội dung của xã còn lỗi, chưa dựng được cổng",
        "Chạy `congkhai validate` trong kho nội dung của xã để xem và sửa từng lỗi.",
    ),
    Code(
        "CK717",
        "audit-no-manifest",
        "Thư mục cổng của xã không có api/manifest.json",
        "Ghi thư mục site/ đã dựng bằng `congkhai build` (có api/manifest.json), hoặc dùng "
        "`content` để trỏ tới kho nội dung của xã.",
    ),
    Code(
        "CK720",
        "audit-previous-unreadable",
        "Không đọc được kết quả kiểm tra lần trước",
        "Dùng tệp matrix.json do một lần chạy `congkhai audit` trước ghi ra.",
    ),
    Code(
        "CK850",
        "cumulative-shrinks",
        "Số thực hiện lũy kế nhỏ hơn của quý trước",
        "Báo cáo quý ghi số thực hiện lũy kế từ đầu năm (báo cáo quý II bằng số 6 tháng), không "
        "chỉ số của riêng quý đó; biểu đồ lũy kế theo quý đọc số như vậy.",
    ),
    Code(
        "CK901",
        "mkdocs-failed",
        "MkDocs không dựng được trang",
        "Đây thường là lỗi của giao diện (theme/) hoặc mkdocs.yml, không phải của nội dung.",
    ),
    Code(
        "CK902",
        "publish-failed",
        "Không thay được thư mục site/",
        "Kiểm tra quyền ghi vào thư mục dự án; site/ cũ vẫn được giữ nguyên.",
    ),
    Code(
        "CK903",
        "build-running",
        "Đang có một lần dựng cổng khác",
        "Chờ lần dựng kia xong rồi chạy lại; site/ vẫn là bản đã xuất bản gần nhất.",
    ),
    Code(
        "CK904",
        "not-writable",
        "Không ghi được vào thư mục dự án",
        "Kiểm tra quyền ghi của thư mục dự án (và .congkhai-build/); `congkhai validate` chỉ "
        "đọc, chạy được cả khi không có quyền ghi.",
    ),
    Code(
        "CK950",
        "call-up-list-no-takedown",
        "Danh sách gọi nhập ngũ chưa có ngày gỡ khỏi cổng",
        "Thêm `unpublish_after:` sau ngày giao, nhận quân: danh sách là thông tin cá nhân, chỉ "
        "công khai trong thời gian cần thiết.",
    ),
    Code(
        "CK951",
        "call-up-list-kept-too-long",
        "Danh sách gọi nhập ngũ để trên cổng quá lâu sau ngày giao, nhận quân",
        "Đặt `unpublish_after:` không quá 30 ngày sau ngày giao, nhận quân.",
    ),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}
