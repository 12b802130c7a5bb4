"""The pure pre-check: validators, look-alikes, secrecy markings, masking.

Expected values are worked out by hand in the comments; ``_check_char`` below is an independent
re-implementation of GB 11643 used only to build further valid IDs for the tests.
"""

import datetime

import pytest

from gongkai.documents.extract import Chunk
from gongkai.pii.checkdigits import credit_code_is_valid as is_valid_credit_code
from gongkai.pii.checkdigits import id_check_char, is_luhn_valid, is_valid_resident_id
from gongkai.pii.precheck import Finding, mask_text, mask_value, scan_chunks, scan_text

# GB 11643's own example. Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 against
# 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2:
# 7 + 9 + 0 + 5 + 0 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 0 + 0 + 4 = 167;
# 167 mod 11 = 2, and position 2 of "10X98765432" is X.
BEIJING_ID = "11010519491231002X"
# 4 4 0 5 2 4 1 8 8 0 0 1 0 1 0 0 1:
# 28 + 36 + 0 + 25 + 16 + 16 + 2 + 8 + 48 + 0 + 0 + 9 + 0 + 5 + 0 + 0 + 2 = 195;
# 195 mod 11 = 8 -> "4". Born 1880-01-01.
GUANGDONG_ID = "440524188001010014"
# 3 2 0 1 0 2 1 9 8 5 0 1 0 2 1 2 3:
# 21 + 18 + 0 + 5 + 0 + 8 + 2 + 9 + 48 + 15 + 0 + 9 + 0 + 10 + 8 + 8 + 6 = 167 -> 2 -> X.
NANJING_ID = "32010219850102123X"

# 4111111111111111: from the right, eight undoubled 1s (8), seven doubled 1s (14), the
# leading 4 doubled (8): 30, divisible by 10.
VISA_TEST_CARD = "4111111111111111"
# 622848001234567890 + check digit. From the right of the payload, doubling every other digit
# starting with the last: 0,9,16->7,7,12->3,5,8,3,4,1,0,0,16->7,4,16->7,2,4,6 = 77 -> check 3.
UNIONPAY_CARD = "6228480012345678903"


def _check_char(first17: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def _make_id(region: str, birth: str, seq: str) -> str:
    first17 = region + birth + seq
    return first17 + _check_char(first17)


def kinds_and_values(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in findings]


# --- Resident ID numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("number", [BEIJING_ID, GUANGDONG_ID, NANJING_ID])
def test_it_accepts_resident_ids_with_hand_checked_checksums(number):
    assert is_valid_resident_id(number)


def test_it_computes_the_check_character_of_the_standard_example():
    assert id_check_char(BEIJING_ID[:17]) == "X"


def test_it_accepts_a_lowercase_x_check_character():
    assert is_valid_resident_id(BEIJING_ID.lower())


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # BEIJING_ID with a wrong check character
        "440524188001010015",  # GUANGDONG_ID with a wrong check character
        "11010519491231002",  # 17 digits
        "11010519491231002X1",  # 19 characters
        "1101051949123100X2",  # X not in the last place
    ],
)
def test_it_rejects_numbers_that_only_look_like_ids(number):
    assert not is_valid_resident_id(number)


def test_it_rejects_a_correct_checksum_on_an_impossible_birth_date():
    # 1990-02-30 does not exist; the check character is right, so only the date can fail it.
    assert not is_valid_resident_id(_make_id("320102", "19900230", "123"))


def test_it_rejects_a_birth_date_in_the_future():
    number = _make_id("320102", "20300101", "123")
    assert not is_valid_resident_id(number, today=datetime.date(2025, 1, 1))
    assert is_valid_resident_id(number, today=datetime.date(2031, 1, 1))


def test_it_rejects_region_codes_that_no_province_has():
    assert not is_valid_resident_id(_make_id("020102", "19900101", "123"))  # starts with 0
    assert not is_valid_resident_id(_make_id("190102", "19900101", "123"))  # no province 19
    assert is_valid_resident_id(_make_id("650102", "19900101", "123"))  # Xinjiang


# --- Luhn and credit codes --------------------------------------------------------------------


@pytest.mark.parametrize("number", [VISA_TEST_CARD, UNIONPAY_CARD, "6228 4800 1234 5678 903"])
def test_it_accepts_luhn_valid_numbers(number):
    assert is_luhn_valid(number)


@pytest.mark.parametrize("number", ["4111111111111112", "6228480012345678904", "", "12a4"])
def test_it_rejects_numbers_failing_luhn(number):
    assert not is_luhn_valid(number)


def test_it_recognises_a_unified_social_credit_code():
    # 91350100M000100Y4 + check. Values of the 17 characters (M=21, Y=30 in GB 32100's
    # alphabet) times weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    # 9 + 3 + 27 + 135 + 0 + 26 + 0 + 0 + 420 + 0 + 0 + 0 + 8 + 0 + 0 + 900 + 112 = 1640;
    # 1640 mod 31 = 28 (31 * 52 = 1612); 31 - 28 = 3 -> "3".
    assert is_valid_credit_code("91350100M000100Y43")
    assert not is_valid_credit_code("91350100M000100Y44")


# --- Scanning: what is found ------------------------------------------------------------------


def test_it_finds_an_id_a_mobile_and_a_card_in_running_text():
    text = f"身份证号{BEIJING_ID}，手机13812345678，卡号{UNIONPAY_CARD}。"
    assert kinds_and_values(scan_text(text)) == [
        ("id_number", BEIJING_ID),
        ("mobile", "13812345678"),
        ("bank_card", UNIONPAY_CARD),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "错号110105194912310021。",  # wrong check digit
        "十七位11010519491231002。",  # 17 digits
        "十九位非Luhn 6228480012345678904。",
        "成文日期2024年10月1日，编号20241001。",
        "丰府办发〔2024〕12号",
        "座机0795-1234567",
        "金额12,345,678.90元，合计13812345.67元",
        "订单号138123456789",  # 12 digits: a mobile number never sits in a longer run
        "编号213812345678",
        "二十位数字41111111111111110000",
    ],
)
def test_it_finds_nothing_in_look_alikes(text):
    assert scan_text(text) == []


def test_it_does_not_find_a_mobile_inside_a_longer_number():
    # 13812345678 sits inside both numbers, but never at a digit boundary.
    text = "卡：4111113812345678，编号：110105138123456780"
    assert all(f.kind != "mobile" for f in scan_text(text))


def test_it_reports_a_luhn_valid_id_once_as_an_id():
    # BEIJING_ID can't be Luhn-checked (X); find an ID whose 18 digits also pass Luhn.
    for seq in range(100, 1000):
        number = _make_id("320102", "19900101", str(seq))
        if number[-1] != "X" and is_luhn_valid(number):
            break
    assert kinds_and_values(scan_text(f"号码{number}")) == [("id_number", number)]


def test_it_finds_grouped_card_numbers_and_mobiles():
    text = "卡号 4111-1111-1111-1111，电话 138 1234 5678，6228 4800 1234 5678 903"
    assert kinds_and_values(scan_text(text)) == [
        ("bank_card", "4111-1111-1111-1111"),
        ("mobile", "138 1234 5678"),
        ("bank_card", "6228 4800 1234 5678 903"),
    ]


def test_it_finds_a_mobile_behind_a_country_prefix_but_reports_only_the_number():
    findings = scan_text("电话+8613812345678或0086 13912345678")
    assert kinds_and_values(findings) == [("mobile", "13812345678"), ("mobile", "13912345678")]


def test_it_finds_identifiers_written_in_full_width_digits():
    text = "手机１３８１２３４５６７８"
    [finding] = scan_text(text)
    assert (finding.kind, finding.value, finding.masked) == (
        "mobile",
        "１３８１２３４５６７８",
        "１３８****５６７８",
    )


def test_it_does_not_take_an_all_digit_credit_code_for_a_card():
    # Search the all-digit codes 91360100000000ab0 + check for one that is also Luhn-valid
    # (about one in ten is), using an independent GB 32100 computation.
    digits = "0123456789"
    code = None
    for a in digits:
        for b in digits:
            first17 = f"91360100000000{a}{b}0"
            total = sum(
                int(c) * w
                for c, w in zip(
                    first17,
                    (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28),
                    strict=True,
                )
            )
            check = (31 - total % 31) % 31
            if check < 10 and is_luhn_valid(first17 + str(check)):
                code = first17 + str(check)
                break
        if code:
            break
    assert code is not None
    assert scan_text(f"统一社会信用代码{code}") == []


def test_it_positions_findings_by_line_and_character_column():
    text = "第一行\n　　联系人手机：13812345678"
    [finding] = scan_text(text, location="第2段")
    # line 2; column: two ideographic spaces + 联系人手机： (6) = 8 characters before it.
    assert (finding.line, finding.column, finding.start, finding.end) == (2, 9, 12, 23)
    assert finding.location == "第2段"


# --- Secrecy markings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("机密★1年\n正文", "机密"),
        ("绝密★长期", "绝密"),
        ("★内部", "内部"),
        ("【内部】关于某事的通知", "内部"),
        ("（秘密）", "秘密"),
        ("密级：机密", "机密"),
        ("秘密  特急\n某某市人民政府文件", "秘密"),
        ("机密", "机密"),
        ("　　内部资料 注意保存", "内部资料 注意保存"),
        ("本刊为内部资料，注意保存。", "内部资料，注意保存"),
        ("注意保存", "注意保存"),
        ("第3期 内部资料", "内部资料"),
    ],
)
def test_it_flags_secrecy_markings_where_they_mark_a_document(text, value):
    assert kinds_and_values(scan_text(text)) == [("secrecy_mark", value)]


@pytest.mark.parametrize(
    "text",
    [
        "本单位建立健全内部控制制度。",
        "内部审计工作报告",
        "内部控制评价",
        "依法确定为国家秘密的政府信息不予公开。",
        "涉及商业秘密、个人隐私的，不予公开。",
        "机密文件管理办法已废止。",
        "内部、外部监督相结合",
        "编印内部资料须经批准",
    ],
)
def test_it_leaves_ordinary_words_that_contain_marking_characters(text):
    assert scan_text(text) == []


# --- Sensitive words --------------------------------------------------------------------------


def test_it_finds_sensitive_words_preferring_the_longest():
    findings = scan_text("张三丰与张三见面", sensitive_words=["张三", "张三丰", " ", ""])
    assert kinds_and_values(findings) == [
        ("sensitive_word", "张三丰"),
        ("sensitive_word", "张三"),
    ]


def test_a_sensitive_word_list_is_matched_without_regard_to_case():
    assert kinds_and_values(scan_text("see SECRET", sensitive_words=["secret"])) == [
        ("sensitive_word", "SECRET")
    ]


def test_a_secrecy_marking_on_the_word_list_is_reported_once_as_a_marking():
    assert kinds_and_values(scan_text("机密★1年", sensitive_words=["机密"])) == [
        ("secrecy_mark", "机密")
    ]


# --- Masking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        ("id_number", NANJING_ID, "320***********123X"),  # 3 + 4: the one ID rule (masking.py)
        ("mobile", "13812345678", "138****5678"),
        ("mobile", "138 1234 5678", "138 **** 5678"),
        ("bank_card", VISA_TEST_CARD, "4111********1111"),
        ("bank_card", "6228 4800 1234 5678 903", "6228 **** **** ***8 903"),
        ("sensitive_word", "张三丰", "张*丰"),
        ("sensitive_word", "张三", "张*"),
        ("sensitive_word", "某", "*"),
        ("secrecy_mark", "内部资料 注意保存", "内*******存"),
    ],
)
def test_it_masks_each_kind_keeping_first_and_last_characters(kind, value, masked):
    assert mask_value(kind, value) == masked


def test_one_click_masking_replaces_every_finding_and_nothing_else():
    text = f"甲{NANJING_ID}乙13812345678丙"
    assert mask_text(text, scan_text(text)) == "甲320***********123X乙138****5678丙"


def test_masking_refuses_findings_from_another_text():
    findings = scan_text("手机13812345678")
    with pytest.raises(ValueError):
        mask_text("手机号13812345678", findings)


# --- Chunks -----------------------------------------------------------------------------------


def test_findings_in_a_fixed_line_chunk_take_its_line_and_count_columns_in_the_chunk():
    chunks = [
        Chunk(location="第7段", text="甲\n乙13812345678", line=7),
        Chunk(location="第1页", text="\n\n  13912345678"),
    ]
    findings = scan_chunks(chunks)
    # Chunk 1: the number starts after 甲, newline, 乙 -> offset 3 -> column 4, on line 7.
    # Chunk 2: lines counted inside: third line, after two spaces -> column 3.
    assert [(f.location, f.line, f.column) for f in findings] == [("第7段", 7, 4), ("第1页", 3, 3)]
