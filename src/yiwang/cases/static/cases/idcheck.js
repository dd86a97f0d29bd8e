/* Check characters of 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999) as they are typed.
   The same rules and messages as yiwang.org.identifiers (the server checks again on submission).
   Any <input data-check="uscc|ric|id" aria-describedby="X"> gets its message in the element X (or in the element
   named by data-check-target) when the value is complete (18 characters) or when the field is left. "id" is either
   code, told apart as the server does (18 characters, the first 17 digits: 身份证号; otherwise a USCC); with
   data-check-kind="<select id>" the applicant-kind select decides instead (自然人 natural: 身份证号, 法人 legal:
   USCC). No dependencies. */
(function () {
  "use strict";
  var USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var AUTHORITIES = "123456789ANY";

  function clean(v) { return String(v || "").replace(/[\s\-－]/g, "").toUpperCase(); }

  function uscc(v) {
    var code = clean(v), i, total = 0, bad = "";
    if (code.length !== 18) { return "统一社会信用代码应为18位，当前为" + code.length + "位"; }
    for (i = 0; i < 18; i++) { if (USCC.indexOf(code[i]) < 0 && bad.indexOf(code[i]) < 0) { bad += code[i]; } }
    if (bad) { return "统一社会信用代码含有不允许的字符：" + bad.split("").sort().join("") + "（不使用I、O、Z、S、V）"; }
    if (AUTHORITIES.indexOf(code[0]) < 0) { return "统一社会信用代码第1位登记管理部门代码“" + code[0] + "”无效"; }
    if (!/^\d{6}$/.test(code.slice(2, 8))) { return "统一社会信用代码第3至8位应为行政区划码（数字）"; }
    for (i = 0; i < 17; i++) { total += USCC.indexOf(code[i]) * (Math.pow(3, i) % 31); }
    if (USCC[(31 - total % 31) % 31] !== code[17]) { return "统一社会信用代码校验码错误，请核对后重新输入"; }
    return "";
  }

  function ric(v) {
    var code = clean(v), i, total = 0, y, m, d, birth;
    if (code.length !== 18) { return "居民身份证号应为18位，当前为" + code.length + "位"; }
    if (!/^\d{17}[\dX]$/.test(code)) { return "居民身份证号前17位应为数字，最后一位为数字或X"; }
    y = +code.slice(6, 10); m = +code.slice(10, 12); d = +code.slice(12, 14);
    birth = new Date(y, m - 1, d);
    if (birth.getFullYear() !== y || birth.getMonth() !== m - 1 || birth.getDate() !== d || y < 1880 || birth > new Date()) {
      return "居民身份证号中的出生日期无效";
    }
    for (i = 0; i < 17; i++) { total += (+code[i]) * (Math.pow(2, 17 - i) % 11); }
    if ("10X98765432"[total % 11] !== code[17]) { return "居民身份证号校验码错误，请核对后重新输入"; }
    return "";
  }

  function either(v) {
    var code = clean(v);
    return code.length === 18 && /^\d{17}/.test(code) ? ric(code) : uscc(code);
  }

  var RULES = { uscc: uscc, ric: ric, id: either };
  var BY_KIND = { natural: ric, legal: uscc };

  function ruleFor(input) {
    var select = input.dataset.checkKind && document.getElementById(input.dataset.checkKind);
    if (select && BY_KIND[select.value]) { return BY_KIND[select.value]; }
    return RULES[input.dataset.check];
  }

  function show(input, leaving) {
    var rule = ruleFor(input);
    var box = document.getElementById(input.dataset.checkTarget || (input.getAttribute("aria-describedby") || "").split(" ")[0]);
    if (!rule || !box) { return; }
    var value = clean(input.value);
    var message = value && (leaving || value.length >= 18) ? rule(value) : "";
    box.textContent = message;
    box.hidden = !message;
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  function wire(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("input[data-check]"), function (input) {
      if (input.dataset.checkWired) { return; }
      input.dataset.checkWired = "1";
      input.addEventListener("input", function () { show(input, false); });
      input.addEventListener("blur", function () { show(input, true); });
      var select = input.dataset.checkKind && document.getElementById(input.dataset.checkKind);
      if (select) { select.addEventListener("change", function () { if (input.value) { show(input, true); } }); }
    });
  }

  window.yiwangIdCheck = { uscc: uscc, ric: ric, id: either, wire: wire };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { wire(); }); }
  else { wire(); }
  document.addEventListener("htmx:afterSwap", function (e) { wire(e.target); });
})();
