// The filing import's line errors in Chinese. registration-service reports each bad field with a short English
// message (the same text in the API and its CSV, for integrators); a regulator reads them here in Chinese.
// Unknown messages are shown as they come, so a new rule in the service is never hidden.
const RULES = [
  [/^is required$/, () => '必填'],
  [/^must be LEAD_ACID or LITHIUM$/, () => '须为 LEAD_ACID（铅酸）或 LITHIUM（锂电）'],
  [/^must be at most (\d+) characters$/, (m) => `不能超过 ${m[1]} 个字符`],
  [/^is longer than (\d+) characters$/, (m) => `整行超过 ${m[1]} 个字符`],
  [/^has (\d+) columns; expected (\d+)$/, (m) => `有 ${m[1]} 列，应为 ${m[2]} 列`],
  [/^is given to an earlier row of this file$/, () => '本文件前面的行已使用此号牌'],
  [/^is already assigned to another vehicle$/, () => '此号牌已发给另一辆车'],
  [/^must be a date .*RFC 3339 time$/, () => '须为日期（如 2024-03-15，北京时间）或 RFC 3339 时间'],
  [/^must not be in the future$/, () => '不能晚于今天'],
  [/^owner-mismatch: the ID number belongs to a known owner with another name$/,
    () => '车主不一致：该身份证号已登记在另一姓名名下（请核实，或由监管人员更正车主信息）'],
  [/^owner-mismatch: the ID number belongs to a known owner with another phone$/,
    () => '车主不一致：该身份证号登记的手机号不同（请核实，或由监管人员更正车主信息）'],
  [/^must be 18 characters/, () => '须为 18 位：17 位数字加 1 位校验码（0-9 或 X）'],
  [/^check character does not match/, () => '校验码不正确'],
  [/^birth date \(characters 7-14\) is before 1900$/, () => '出生日期（第 7-14 位）早于 1900 年'],
  [/^birth date \(characters 7-14\) is in the future$/, () => '出生日期（第 7-14 位）晚于今天'],
  [/^birth date \(characters 7-14\) is not a real date$/, () => '出生日期（第 7-14 位）不是有效日期'],
  [/^must be an 11-digit mobile number/, () => '须为 13-19 开头的 11 位手机号'],
  [/^must be a 16-digit CCC certificate number$/, () => '须为 16 位 3C 证书编号'],
  [/^must be the 15-digit GB 17761 code/, () => '须为 15 位 GB 17761 整车编码（4 位厂商、车型 2、2 位年份、8 位序号）'],
  [/^must be a 15-digit GB 17761 code or 17 capital letters/, () => '须为 15 位 GB 17761 编码，或 17 位大写字母与数字（不含 I、O、Q）'],
  [/^must be 1-3 Chinese characters followed by/, () => '须为 1-3 个汉字加 5-10 位大写字母或数字'],
  [/^must not contain < or >$/, () => '不能含 < 或 >'],
  [/^must not contain bidirectional control characters$/, () => '不能含双向控制字符'],
  [/^must not contain control characters$/, () => '不能含控制字符'],
  [/^must be valid Unicode text$/, () => '含无效字符'],
  [/^the first line must be exactly /, () => '第一行须与模板表头完全一致'],
  [/^the body is empty/, () => '文件为空'],
  [/^could not be read as UTF-8 CSV$/, () => '无法按 UTF-8 CSV 读取'],
];

export function importMessage(message) {
  const text = message || '';
  for (const [pattern, words] of RULES) {
    const m = text.match(pattern);
    if (m) return words(m);
  }
  return text;
}
