"""The report's words in Vietnamese and English, and dates as each language writes them."""

from __future__ import annotations

from datetime import date

from dtreport.errors import Location
from dtreport.lang import Lang, pick

__all__ = ["check_description", "describe_location", "format_date", "text"]

_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_TEXT: dict[str, tuple[str, str]] = {
    # The sections of supporting figures (inputs.metrics.SECTIONS), as the seed heads them.
    "section_infrastructure": (
        "Phát triển hạ tầng số",
        "Digital infrastructure",
    ),
    "section_platforms": (
        "Phát triển các hệ thống nền tảng số",
        "Digital platforms",
    ),
    "section_public_services": (
        "Phát triển, cung cấp các ứng dụng, dịch vụ cho người dân, doanh nghiệp",
        "Online public services for citizens and businesses",
    ),
    "section_security": (
        "Đảm bảo an toàn, an ninh mạng",
        "Cyber security",
    ),
    "section_open_data": (
        "Dữ liệu mở",
        "Open data",
    ),
    # The layout's own words: closing block, contents, technical annex, the check statement.
    "recipients": ("Nơi nhận:", "Recipients:"),
    "contents": ("Mục lục", "Contents"),
    "annex": (
        "Phụ lục kỹ thuật: Chất lượng dữ liệu và nguồn gốc",
        "Technical annex: data quality and provenance",
    ),
    "annex_short": ("Phụ lục kỹ thuật", "Technical Annex"),
    "findings": ("Các phát hiện", "Findings"),
    "see_annex": ("xem Phụ lục kỹ thuật", "see the Technical Annex"),
    "checks_ran": (
        "Số liệu đã qua {checks} kiểm tra tự động",
        "The data went through {checks} automated checks",
    ),
    "no_critical": ("không có phát hiện nghiêm trọng", "no critical findings"),
    "critical_one": ("1 phát hiện nghiêm trọng", "1 critical finding"),
    "critical_many": ("{n} phát hiện nghiêm trọng", "{n} critical findings"),
    "no_warning": ("không có cảnh báo", "no warnings"),
    "warning_one": ("1 cảnh báo", "1 warning"),
    "warning_many": ("{n} cảnh báo", "{n} warnings"),
    "info_one": ("1 ghi chú", "1 note"),
    "info_many": ("{n} ghi chú", "{n} notes"),
    "statement_details": (
        "(chi tiết tại Phụ lục kỹ thuật)",
        "(details in the Technical Annex)",
    ),
    # Attainment statuses (status.Status), as the seed's appendix labels them.
    "status_exceeded": ("Vượt chỉ tiêu", "Exceeded"),
    "status_met": ("Đạt chỉ tiêu", "Met"),
    "status_in_progress": ("Đang thực hiện", "In progress"),
    "status_not_met": ("Không đạt", "Not met"),
    "status_no_data": ("Chưa có số liệu", "No data"),
    "status_not_assessed": ("Chưa đánh giá", "Not assessed"),
    "status_not_applicable": ("Không còn áp dụng", "No longer applicable"),
    # Appendix I: a target the catalogue does not mark verified (docs/targets.md).
    "target_unverified": ("(chưa kiểm chứng)", "(unverified)"),
    "report": ("Báo cáo", "Report"),
    "draft": ("BẢN NHÁP — chưa qua kiểm tra dữ liệu", "DRAFT — data checks not passed"),
    "results": ("Kết quả thực hiện các chỉ tiêu", "Results against the indicators"),
    "appendix": ("Phụ lục I", "Appendix I"),
    "appendix_title": (
        "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO {framework}",
        "RESULTS AGAINST THE INDICATORS OF {framework}",
    ),
    "appendix_subtitle": (
        "(Kèm theo Báo cáo số {number} ngày {date} của {unit})",
        "(Attached to Report No. {number} of {date} of the {unit})",
    ),
    "no": ("STT", "No."),
    "indicator": ("Tên chỉ tiêu", "Indicator"),
    "estimate_to": ("Kết quả ước tính đến {date}", "Estimate as of {date}"),
    "target_year": ("Mục tiêu {year}", "Target {year}"),
    "attainment": ("Mức hoàn thành", "Attainment"),
    "by_pillar": ("Kết quả theo trụ cột", "Results by pillar"),
    "pillar": ("Trụ cột", "Pillar"),
    "total": ("Tổng số", "Total"),
    "achieved": ("Hoàn thành", "Achieved"),
    "chart_values": ("Giá trị so với mục tiêu", "Value against target"),
    "chart_counts": ("Số chỉ tiêu theo mức hoàn thành", "Indicators by attainment"),
    "chart_no": ("Biểu đồ {n}", "Chart {n}"),
    "not_plotted": (
        "không gồm chỉ tiêu số {numbers} (không có giá trị số, số liệu không qua kiểm tra "
        "hoặc chỉ tiêu không còn áp dụng)",
        "indicator No. {numbers} not shown (no numeric value, a value that failed a check, "
        "or no longer applicable)",
    ),
    "indicator_count": ("Số chỉ tiêu", "Number of indicators"),
    "target": ("Mục tiêu", "Target"),
    "value": ("Kết quả", "Value"),
    "quality": ("Chất lượng dữ liệu", "Data quality"),
    "quality_ok": (
        "Tất cả các kiểm tra dữ liệu đều đạt; không có phát hiện nào.",
        "Every data check passed; there are no findings.",
    ),
    "severity": ("Mức độ", "Severity"),
    "check": ("Kiểm tra", "Check"),
    "where": ("Vị trí", "Location"),
    "message": ("Nội dung", "Detail"),
    "critical": ("Nghiêm trọng", "Critical"),
    "warning": ("Cảnh báo", "Warning"),
    "info": ("Ghi chú", "Note"),
    "expectations": ("Các kiểm tra đã chạy", "Checks run"),
    "suite": ("Nhóm kiểm tra", "Suite"),
    "outcome": ("Kết quả", "Result"),
    # The check suites in expectations/, by name.
    "suite_catalog": ("Danh mục chỉ tiêu", "Indicator catalogue"),
    "suite_indicators": ("Số liệu chỉ tiêu", "Reported indicators"),
    "suite_params": ("Tham số báo cáo", "Report parameters"),
    "suite_metrics": ("Số liệu bổ sung", "Supporting figures"),
    "passed": ("Đạt", "Passed"),
    "failed": ("Không đạt", "Failed"),
    "row": ("dòng", "row"),
    "column": ("cột", "column"),
    "line": ("dòng", "line"),
    "key": ("khóa", "key"),
    "indicator_word": ("chỉ tiêu", "indicator"),
    "method": ("Phương pháp và nguồn dữ liệu", "Method and provenance"),
    "files": ("Tệp đầu vào", "Input files"),
    "file": ("Tệp", "File"),
    "checksum": ("Mã băm SHA-256", "SHA-256 checksum"),
    "versions": ("Phiên bản phần mềm", "Software versions"),
    "assessed_by_unit": ("(đơn vị tự đánh giá)", "(assessed by the unit)"),
    "withheld": (
        "(số liệu không qua kiểm tra: xem Chất lượng dữ liệu)",
        "(the value failed a check: see Data quality)",
    ),
    "note": ("Ghi chú", "Note"),
    "number": ("Số:", "No.:"),
    "see_quality": ("xem mục Chất lượng dữ liệu", "see Data quality"),
    "not_reported": ("không được báo cáo", "not reported"),
    "figure": ("Chỉ số", "Figure"),
    "part_of": ("Thuộc", "Part of"),
    "supporting": ("Tình hình thực hiện các nhiệm vụ", "Implementation of the tasks"),
    "no_metrics": (
        "Kỳ này không có số liệu bổ sung (data/<kỳ>/metrics.csv).",
        "No supporting figures for this period (data/<period>/metrics.csv).",
    ),
    "details_in_appendix": (
        "(Chi tiết tại Phụ lục I kèm theo)",
        "(Details in Appendix I attached)",
    ),
    "method_rules": (
        "Mỗi chỉ tiêu được so với mục tiêu áp dụng (mục tiêu có năm sớm nhất không trước năm kết "
        "thúc kỳ báo cáo). Vượt ngưỡng: Vượt chỉ tiêu; bằng ngưỡng (với mục tiêu “tối thiểu” "
        "hoặc “X%”): "
        "Đạt chỉ tiêu; chưa đạt: Đang thực hiện khi kỳ báo cáo kết thúc trước 31/12 của năm mục "
        "tiêu, Không đạt từ đó trở đi. Mục tiêu định tính (“phổ cập”) lấy mức do đơn vị tự đánh "
        "giá. Trạng thái do đơn vị báo cáo không thay thế trạng thái tính toán; khác biệt được "
        "ghi ở phần Chất lượng dữ liệu. Phương pháp chi tiết được trình bày trong tệp "
        "docs/\u2060methodology.md.",
        "Each indicator is compared with its applicable target (the one with the earliest year "
        "not before the year the period ends). Above the threshold: Exceeded; equal to it (for "
        "“at least”/plain targets): Met; short of it: In progress while the period ends before "
        "31\u00a0December of the target year, Not met from then on. Qualitative targets "
        "(“universal”) take the unit's own assessment. A status reported by the unit never "
        "replaces the computed one; disagreements are listed under Data quality. The full "
        "method is set out in docs/\u2060methodology.md.",
    ),
    # Periods over time (report.progress): section 1's changes, chart 3 and Appendix II.
    "points_unit": (" điểm %", " pp"),
    "changes_heading": ("Thay đổi so với các kỳ trước", "Changes since earlier periods"),
    "changes_intro": (
        "Kết quả kỳ {period} (số liệu đến {date}) so với kỳ trước và với cùng kỳ năm trước; "
        "các kỳ trước có số liệu: {earlier}. Thay đổi của một tỷ lệ tính bằng điểm phần trăm "
        "(điểm %).",
        "The results of {period} (figures as of {date}) against the previous period and the "
        "same period a year earlier; earlier periods with figures: {earlier}. A change in a "
        "percentage is given in percentage points (pp).",
    ),
    "value_this_period": ("Kết quả {period}", "Value {period}"),
    "change_previous": ("So với kỳ trước", "Against the previous period"),
    "change_year_ago": ("So với cùng kỳ năm trước", "Against a year earlier"),
    "target_aimed": ("Mục tiêu hướng tới", "Target aimed at"),
    "progress_column": ("Theo tốc độ tăng (Open SDG)", "By growth rate (Open SDG)"),
    "projection_column": ("Theo dự báo (UNSD)", "By projection (UNSD)"),
    "appendix_2": ("PHỤ LỤC II: TIẾN ĐỘ ĐẾN NĂM {year}", "APPENDIX II: PROGRESS TOWARDS {year}"),
    "progress_intro": (
        "Tiến độ của từng chỉ tiêu đến mục tiêu xa nhất đã đặt cho chỉ tiêu, tính từ kết quả kỳ "
        "{period} (số liệu đến {date}) và các kỳ trước của cùng đơn vị, cùng danh mục: "
        "{earlier}. Kỳ gốc là kỳ sớm nhất có số liệu của chỉ tiêu.",
        "Each indicator's progress towards the latest target set for it, from the results of "
        "{period} (figures as of {date}) and the earlier periods of the same unit and "
        "catalogue: {earlier}. The base is the earliest period with a figure for the indicator.",
    ),
    "progress_detail": (
        "tăng {rate}/năm, cần {needed}/năm; tỷ số {ratio}",
        "{rate} a year, {needed} needed; ratio {ratio}",
    ),
    "projection_detail": (
        "dự báo năm {year}: {value}; tỷ số {ratio}",
        "{year} projection: {value}; ratio {ratio}",
    ),
    # The same words as Appendix I's mark of a target the catalogue does not mark verified.
    "unverified": ("(chưa kiểm chứng)", "(unverified)"),
    "unverified_note": (
        "Mục tiêu ghi “(chưa kiểm chứng)”: danh mục chưa ghi nhận mục tiêu này là đã đối chiếu "
        "với văn bản gốc (docs/\u2060targets.md); đánh giá tiến độ theo mục tiêu đó cần xem lại "
        "khi có văn bản.",
        "A target marked “(unverified)” is not recorded by the catalogue as checked against the "
        "text of the document that sets it (docs/\u2060targets.md); progress measured against it "
        "should be reviewed once that text is read.",
    ),
    "progress_method": (
        "Theo tốc độ tăng (phương pháp của Open SDG và Cơ quan Thống kê Canada): tốc độ tăng "
        "bình quân năm từ kỳ gốc đến kỳ này, chia cho tốc độ cần có để đi từ kỳ gốc đến mục "
        "tiêu vào ngày 31/12 của năm mục tiêu. Tỷ số từ {high} trở lên: đúng lộ trình; từ "
        "{medium}: cần đẩy nhanh; từ {low}: tiến triển hạn chế; dưới {low}: đi xuống.",
        "By growth rate (the method of Open SDG and Statistics Canada): the average yearly "
        "growth from the base period to this one, divided by the growth needed to go from the "
        "base to the target by 31 December of the target year. A ratio of {high} or more: on "
        "track; from {medium}: needs acceleration; from {low}: limited progress; below {low}: "
        "deterioration.",
    ),
    "projection_method": (
        "Theo dự báo (phương pháp Biểu đồ tiến độ SDG của Cơ quan Thống kê Liên Hợp Quốc, "
        "UNSD): giá trị kỳ này được kéo dài đến cuối năm mục tiêu với tốc độ tăng đã quan sát; "
        "phần thay đổi dự báo so với kỳ gốc chia cho phần thay đổi cần có để đạt mục tiêu. Tỷ "
        "số từ {high} trở lên: đúng lộ trình; từ {medium}: cần đẩy nhanh; từ {low}: tiến triển "
        "hạn chế; dưới {low}: đi xuống.",
        "By projection (the SDG Progress Chart method of the United Nations Statistics "
        "Division, UNSD): this period's value is carried to the end of the target year at the "
        "growth observed; the projected change from the base, divided by the change needed to "
        "reach the target. A ratio of {high} or more: on track; from {medium}: needs "
        "acceleration; from {low}: limited progress; below {low}: deterioration.",
    ),
    "methods_disagree": (
        "Hai phương pháp có thể cho kết quả khác nhau với cùng một chỉ tiêu: chúng dùng cùng số "
        "liệu nhưng so sánh khác nhau (tốc độ với tốc độ, hay mức dự báo với mức cần đạt) và "
        "có ngưỡng khác nhau; báo cáo nêu cả hai, không chọn một.",
        "The two methods can disagree about the same indicator: they use the same figures but "
        "compare different things (a rate with a rate, or a projected level with the level "
        "needed) and have different thresholds; the report gives both and does not choose.",
    ),
    "classes_heading": ("Ý nghĩa các mức đánh giá:", "What the classes mean:"),
    "progress_target_achieved": ("Đã đạt mục tiêu", "Target achieved"),
    "progress_target_achieved_means": (
        "giá trị kỳ này đã đạt mục tiêu hướng tới.",
        "this period's value already meets the target aimed at.",
    ),
    "progress_on_track": ("Đúng lộ trình", "On track"),
    "progress_on_track_means": (
        "với tốc độ như hiện nay, chỉ tiêu sẽ đạt mục tiêu đúng hạn.",
        "at the present pace the target will be reached in time.",
    ),
    "progress_needs_acceleration": ("Cần đẩy nhanh", "Needs acceleration"),
    "progress_needs_acceleration_means": (
        "chỉ tiêu đang tiến về mục tiêu nhưng chưa đủ nhanh để đạt đúng hạn.",
        "the indicator moves towards the target, but not fast enough to reach it in time.",
    ),
    "progress_limited_progress": ("Tiến triển hạn chế", "Limited progress"),
    "progress_limited_progress_means": (
        "chỉ tiêu có tiến về mục tiêu nhưng chậm hơn nhiều so với tốc độ cần có.",
        "the indicator moves towards the target, but far slower than needed.",
    ),
    "progress_deterioration": ("Đi xuống", "Deterioration"),
    "progress_deterioration_means": (
        "chỉ tiêu đang đi ngược hướng mục tiêu, hoặc đã đạt mục tiêu ở kỳ gốc mà nay không còn "
        "đạt.",
        "the indicator moves away from the target, or met it at the base and no longer does.",
    ),
    "progress_insufficient_data": ("Chưa đủ số liệu", "Insufficient data"),
    "progress_insufficient_data_means": (
        "cần số liệu của kỳ này và của ít nhất một kỳ trước để tính tốc độ.",
        "a rate needs this period's figure and at least one earlier one.",
    ),
    "progress_not_assessable": ("Không đánh giá được", "Not assessable"),
    "progress_not_assessable_means": (
        "không tính được tỷ số: mục tiêu không phải một con số (như “phổ cập”), giá trị kỳ gốc "
        "hay mục tiêu không lớn hơn 0, hoặc mục tiêu bằng giá trị kỳ gốc; lý do ghi ở cột Ghi "
        "chú.",
        "no ratio can be computed: the target is not a number (such as “universal”), the base "
        "value or the target is not above 0, or the target equals the base value; the Note "
        "column says which.",
    ),
    "projection_not_capped": (
        "* Dự báo không bị chặn ở 100%: một tỷ lệ dự báo vượt 100% không phải là giá trị có thể "
        "xảy ra, mà cho thấy tốc độ hiện nay nhanh hơn mức cần để đạt mục tiêu.",
        "* Projections are not capped: a share projected beyond 100% is not a value that can "
        "happen; it shows that the present pace is faster than the target needs.",
    ),
    "no_earlier_period": (
        "Kỳ {period} là kỳ đầu tiên có số liệu của đơn vị theo danh mục này; chưa có kỳ trước "
        "để so sánh và đánh giá tiến độ.",
        "{period} is the first period with figures from this unit for this catalogue; there is "
        "no earlier period to compare with or to measure progress from.",
    ),
    "reason_no_value": ("kỳ này không có giá trị số", "no numeric value this period"),
    "reason_one_period": ("chưa có kỳ trước có số liệu", "no earlier period with a figure"),
    "reason_qualitative": ("mục tiêu không phải con số", "the target is not a number"),
    "reason_base_zero": ("giá trị kỳ gốc không lớn hơn 0", "the base value is not above 0"),
    "reason_target_zero": ("mục tiêu không lớn hơn 0", "the target is not above 0"),
    "reason_target_is_base": (
        "mục tiêu bằng giá trị kỳ gốc: không có khoảng cách nào để đo tiến độ",
        "the target equals the base value: there is no distance to measure progress over",
    ),
    "reason_lost": (
        "kỳ gốc đã đạt mục tiêu, nay không còn đạt",
        "the base met the target; now it does not",
    ),
    "reason_no_time": (
        "các kỳ không cách nhau về thời gian",
        "the periods are not apart in time",
    ),
    "chart_trend": (
        "Diễn biến qua các kỳ, với các mục tiêu",
        "Values over the periods, with the targets",
    ),
    "not_plotted_trend": (
        "không gồm chỉ tiêu số {numbers} (không có giá trị số)",
        "indicator No. {numbers} not shown (no numeric value)",
    ),
    # A merged unit's history derived from its predecessors (report.derived, inputs.merger).
    "derived_mark": ("suy ra", "derived"),
    "derived_value": (
        "Giá trị suy ra từ các tỉnh trước sắp xếp",
        "Derived from the predecessor provinces",
    ),
    "derived_note": (
        "(suy ra): giá trị suy ra từ các tỉnh trước sắp xếp. Các kỳ {periods} có trước khi "
        "{unit} được thành lập, nên không có báo cáo riêng của đơn vị; giá trị mỗi chỉ tiêu của "
        "các kỳ đó là {method} giá trị cùng kỳ của {predecessors}, chỉ tính khi tất cả các tỉnh "
        "này đều có giá trị, làm tròn đến {places} chữ số thập phân. Thay đổi và tiến độ tính "
        "từ các giá trị đó cũng là số suy ra. Cách tính theo tiền lệ của Chỉ số chuyển đổi số "
        "cấp tỉnh (DTI): chỉ số của tỉnh sau sắp xếp là trung bình chỉ số của các tỉnh trước "
        "sắp xếp.",
        "(derived): derived from the predecessor provinces. The periods {periods} came before "
        "{unit} was formed, so it has no report of its own for them; each indicator's value in "
        "them is the {method} of the values of {predecessors} for the same period, taken only "
        "where every one of them has a value, and rounded to {places} decimal places. Changes "
        "and progress measured from those values are derived too. This follows the provincial "
        "Digital Transformation Index (DTI), which gives a merged province the mean of its "
        "predecessors' indices.",
    ),
    "derived_mean": ("trung bình cộng", "mean"),
    "derived_weighted_mean": (
        "trung bình có trọng số theo {basis} ({weights})",
        "mean weighted by {basis} ({weights})",
    ),
    "and": (" và ", " and "),
    # Illustrative periods (params `illustrative: true`): made-up figures, marked as such.
    "illustrative_note": (
        "Báo cáo này dùng số liệu giả định, lập để minh họa cách theo dõi các kỳ; đây không "
        "phải số liệu chính thức.",
        "This report uses made-up figures, prepared to show how periods are followed over "
        "time; they are not official figures.",
    ),
    # The roll-up report (report.rollup, method.rollup): many units' results side by side.
    "rollup_kind": ("BÁO CÁO TỔNG HỢP", "ROLL-UP REPORT"),
    "rollup_title": (
        "Kết quả thực hiện các chỉ tiêu chuyển đổi số của các đơn vị",
        "Results of the units against the digital transformation indicators",
    ),
    "rollup_period": (
        "Kỳ báo cáo {period} (từ {start} đến {end})",
        "Period {period} ({start} to {end})",
    ),
    "rollup_framework": ("Các chỉ tiêu theo {framework}", "Indicators of {framework}"),
    "rollup_summary": (
        "{reported}/{units} đơn vị đã báo cáo với số liệu qua kiểm tra; {ranked} đơn vị được "
        "xếp hạng.",
        "{reported} of {units} units reported figures that passed the checks; {ranked} are ranked.",
    ),
    "rollup_summary_missing": (
        "{n} đơn vị chưa được tổng hợp (mục {section}).",
        "{n} not counted (section {section}).",
    ),
    "rollup_heatmap": (
        "Mức hoàn thành theo đơn vị và chỉ tiêu",
        "Status by unit and indicator",
    ),
    "rollup_heatmap_intro": (
        "Mỗi ô ghi mức hoàn thành của một chỉ tiêu (cột, số thứ tự như Phụ lục I) tại một đơn vị "
        "(dòng); nền và hoa văn của ô phân biệt các mức cả khi in đen trắng. Các đơn vị xếp theo "
        "thứ hạng (mục {ranking}).",
        "Each cell gives the status of one indicator (column, numbered as in Appendix I) in one "
        "unit (row); its shade and pattern tell the statuses apart in greyscale as well. Units "
        "are listed by rank (section {ranking}).",
    ),
    "rollup_key": ("Chú giải:", "Key:"),
    "rollup_not_counted_row": (
        "không được tổng hợp (xem mục {section})",
        "not counted (see section {section})",
    ),
    "rollup_distribution": (
        "Phân bố mức hoàn thành theo chỉ tiêu",
        "Statuses per indicator",
    ),
    "rollup_distribution_intro": (
        "Số đơn vị ở mỗi mức hoàn thành, trong {n} đơn vị được tổng hợp; cột cuối: số đơn vị "
        "hoàn thành chỉ tiêu trên số đơn vị có đánh giá.",
        "The number of units at each status, of the {n} units counted; last column: the units "
        "that achieved the indicator out of those assessed on it.",
    ),
    "rollup_units_achieved": ("Đơn vị hoàn thành", "Units achieving"),
    "rollup_ranking": ("Xếp hạng", "Ranking"),
    "rollup_rank": ("Hạng", "Rank"),
    "rollup_unit": ("Đơn vị", "Unit"),
    "rollup_achieved_of": ("Hoàn thành / được đánh giá", "Achieved / assessed"),
    "rollup_share": ("Tỷ lệ hoàn thành", "Share achieved"),
    "rollup_unranked": (
        "không xếp hạng: không có chỉ tiêu nào được đánh giá",
        "not ranked: no indicator assessed",
    ),
    "rollup_none_ranked": ("Không có đơn vị nào được xếp hạng.", "No unit is ranked."),
    "rollup_none_counted": (
        "Không có đơn vị nào được tổng hợp (mục {section}).",
        "No unit is counted (section {section}).",
    ),
    "rollup_not_counted": ("Các đơn vị chưa được tổng hợp", "Units not counted"),
    "rollup_reason": ("Lý do", "Reason"),
    "rollup_all_counted": (
        "Tất cả các đơn vị đều đã báo cáo với số liệu qua kiểm tra.",
        "Every unit reported figures that passed the checks.",
    ),
    "rollup_no_report": (
        "chưa gửi báo cáo: không có tệp {file}",
        "sent no report: there is no {file}",
    ),
    "rollup_failed_checks": (
        "số liệu không qua kiểm tra: {where}: {message}",
        "the figures failed the checks: {where}: {message}",
    ),
    "rollup_more_findings": (
        " (và {n} phát hiện nghiêm trọng khác)",
        " (and {n} more critical findings)",
    ),
    "rollup_unreadable": (
        "không đọc được số liệu: {message}",
        "the inputs cannot be read: {message}",
    ),
    "rollup_other_catalog": (
        "báo cáo theo danh mục {found}, còn tổng hợp này so sánh theo danh mục {used}",
        "reports against catalogue {found}, while this roll-up compares catalogue {used}",
    ),
    "rollup_method": ("Phương pháp", "Method"),
    "rollup_method_statuses": (
        "Mỗi đơn vị được đọc và kiểm tra như khi lập báo cáo của chính đơn vị: cùng tệp tham số "
        "params/<đơn vị>/{period}.yaml, cùng số liệu, cùng các kiểm tra dữ liệu và cùng quy tắc "
        "xác định mức hoàn thành (docs/\u2060methodology.md). Đơn vị có phát hiện nghiêm trọng "
        "không được tổng hợp, không được xếp hạng, và được nêu ở mục {section} cùng lý do.",
        "Each unit is read and checked as its own report reads it: the same params file "
        "params/<unit>/{period}.yaml, the same data, the same data checks and the same rules "
        "for the status (docs/\u2060methodology.md). A unit with a critical finding is not "
        "counted, not ranked, and is listed in section {section} with the reason.",
    ),
    "rollup_method_share": (
        "Số chỉ tiêu của đơn vị là các chỉ tiêu áp dụng cho kỳ; chỉ tiêu chưa có số liệu, hay có "
        "mục tiêu định tính mà đơn vị chưa tự đánh giá, không được đánh giá. Tỷ lệ hoàn thành = "
        "(Vượt chỉ tiêu + Đạt chỉ tiêu) / số chỉ tiêu được đánh giá. Hạng 1 là tỷ lệ cao nhất; "
        "các đơn vị có tỷ lệ bằng nhau (so sánh chính xác dưới dạng phân số, không làm tròn) "
        "đồng hạng, và hạng kế tiếp bỏ qua số vị trí tương ứng (1, 2, 2, 4). Đơn vị không có "
        "chỉ tiêu nào được đánh giá thì không xếp hạng.",
        "A unit's indicators are those that apply to the period; an indicator without a value, "
        "or with a qualitative target the unit did not assess, is not assessed. Share achieved "
        "= (Exceeded + Met) / indicators assessed. Rank 1 is the highest share; units with equal "
        "shares (compared exactly, as fractions, never rounded) share a rank, and the next rank "
        "skips as many places (1, 2, 2, 4). A unit with no indicator assessed is not ranked.",
    ),
    "rollup_method_merged": (
        "Từ ngày 01/7/2025 có 34 tỉnh, thành phố thay cho 63. Bảng tổng hợp chỉ dùng số liệu của "
        "kỳ {period} do từng đơn vị báo cáo. Trong báo cáo của một tỉnh, thành phố sau sắp xếp, "
        "các kỳ trước khi thành lập lấy trung bình giá trị của các tỉnh trước sắp xếp (trung "
        "bình có trọng số khi tham số nêu trọng số), đánh dấu là giá trị suy ra, theo tiền lệ "
        "của Chỉ số chuyển đổi số cấp tỉnh (DTI).",
        "Since 1 July 2025 there are 34 provinces instead of 63. The roll-up uses only the "
        "figures each unit reports for {period}. In the report of a merged province, the "
        "periods before it was formed take the mean of its predecessors' values (weighted when "
        "the params give weights), marked as derived, as the provincial Digital Transformation "
        "Index (DTI) gives a merged province the mean of its predecessors' indices.",
    ),
    "rollup_placement": (
        "Trong tổng hợp kỳ {period}, {name} xếp thứ {rank}/{ranked}{tied}, hoàn thành "
        "{achieved}/{assessed} chỉ tiêu được đánh giá ({share}); {ranked} trên {units} đơn vị "
        "được xếp hạng.",
        "In the {period} roll-up, {name} ranks {rank} of {ranked}{tied}, with {achieved} of "
        "{assessed} assessed indicators achieved ({share}); {ranked} of {units} units are ranked.",
    ),
    "rollup_tied": (" (đồng hạng)", " (tied)"),
    "rollup_illustrative_note": (
        "Tổng hợp này có số liệu giả định (đơn vị có tham số illustrative: true); đây không "
        "phải số liệu chính thức.",
        "This roll-up holds made-up figures (a unit whose params say illustrative: true); they "
        "are not official figures.",
    ),
    # Each status in a heat-map cell of the roll-up, short enough for a narrow column.
    "status_short_exceeded": ("Vượt", "Exceeded"),
    "status_short_met": ("Đạt", "Met"),
    "status_short_in_progress": ("Đang TH", "In progress"),
    "status_short_not_met": ("Không đạt", "Not met"),
    "status_short_no_data": ("Chưa có", "No data"),
    "status_short_not_assessed": ("Chưa ĐG", "Not rated"),
    "status_short_not_applicable": ("Hết ÁD", "N/A"),
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The report's wording for ``key`` in ``lang``, with ``{placeholders}`` filled."""
    return pick(lang, *_TEXT[key]).format(**values)


# What each check verifies, in the reader's words (the code names are in docs/methodology.md).
_CHECKS: dict[str, tuple[str, str]] = {
    "catalog_id_unique": ("Mã chỉ tiêu không trùng", "Indicator ids are unique"),
    "catalog_id_present": ("Mỗi dòng có mã chỉ tiêu", "Every row has an indicator id"),
    "catalog_unit": ("Đơn vị tính hợp lệ", "Units are known"),
    "catalog_direction": ("Chiều đánh giá hợp lệ", "Directions are known"),
    "catalog_measure": ("Loại số liệu hợp lệ", "Measures are known"),
    "targets_parse": ("Mục tiêu đọc được", "Targets can be read"),
    "id_unique": ("Mỗi chỉ tiêu báo cáo một lần", "Each indicator reported once"),
    "id_known": ("Mã chỉ tiêu có trong danh mục", "Indicator ids are in the catalogue"),
    "all_present": ("Đủ các chỉ tiêu của danh mục", "Every catalogue indicator reported"),
    "value_parses": ("Giá trị đọc được", "Values can be read"),
    "share_range": ("Tỷ lệ trong khoảng 0–100%", "Shares within 0–100%"),
    "growth_band": ("Tốc độ tăng trong khoảng hợp lý", "Growth rates within a plausible band"),
    "status_allowed": ("Mức hoàn thành đơn vị báo cáo hợp lệ", "Reported statuses are known"),
    "as_of_in_period": ("Ngày số liệu thuộc kỳ báo cáo", "Estimate date within the period"),
    "metric_id_unique": ("Mã số liệu không trùng", "Figure ids are unique"),
    "metric_section": ("Mục số liệu hợp lệ", "Figure sections are known"),
    "metric_value_parses": ("Số liệu đọc được", "Figures can be read"),
    "metric_rate_range": ("Tỷ lệ trong khoảng 0–100%", "Rates within 0–100%"),
    "metric_reference": ("Tham chiếu đến số liệu có thật", "References name existing figures"),
    "parts_sum": ("Tổng các phần bằng tổng chung", "Parts add up to their whole"),
    "within_total": ("Số “x trên y” có x không vượt y", "“x out of y” has x at most y"),
    "metric_unit": ("Đơn vị số liệu hợp lệ", "Figure units are known"),
    "status_agrees": (
        "Mức hoàn thành đơn vị báo cáo khớp kết quả tính",
        "Reported status agrees with the computed one",
    ),
    "qualitative_assessed": (
        "Mục tiêu định tính có đánh giá của đơn vị",
        "Qualitative targets have the unit's assessment",
    ),
    "encoding": ("Mã hóa ký tự của tệp", "File encoding"),
    "applicable": (
        "Chỉ tiêu được báo cáo còn áp dụng cho kỳ",
        "Reported indicators still apply to the period",
    ),
    "history_readable": ("Các kỳ trước đọc được", "Earlier periods can be read"),
    "merged_history": (
        "Giá trị suy ra có đủ các tỉnh trước sắp xếp",
        "Derived values have every predecessor",
    ),
}


def check_description(check: str, lang: Lang) -> str:
    """What a check verifies, in ``lang``; its code name when it has no description."""
    described = _CHECKS.get(check)
    return pick(lang, *described) if described else check


def describe_location(location: Location, lang: Lang) -> str:
    """ "data/2024-H1/indicators.csv, dòng 8 (QD749-07), cột value" in the reader's language.

    The file is already named as the project names it (relative to its folder); a YAML file
    has lines and keys where a table has rows and columns.
    """
    yaml_file = bool(location.file) and str(location.file).endswith((".yaml", ".yml"))
    row_word, column_word = ("line", "key") if yaml_file else ("row", "column")
    parts = [location.file] if location.file else []
    indicator = f" ({location.indicator_id})" if location.indicator_id else ""
    if location.row is not None:
        parts.append(f"{text(row_word, lang)} {location.row}{indicator}")
    elif location.indicator_id:
        parts.append(f"{text('indicator_word', lang)} {location.indicator_id}")
    if location.column:
        parts.append(f"{text(column_word, lang)} {location.column}")
    return ", ".join(parts)


def format_date(day: date, lang: Lang) -> str:
    """19/6/2024 in Vietnamese, 19 June 2024 in English."""
    if lang == "vi":
        return f"{day.day}/{day.month}/{day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
