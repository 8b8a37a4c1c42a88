// Offline search over the prebuilt index (static/search-index.js): no server, works from file://.
(function () {
  "use strict";
  var rows = window.GONGKAI_INDEX || [];   // [code, label, domain, body, href]
  var form = document.querySelector("form.search-box");
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var list = document.getElementById("results");
  var LIMIT = 200;

  // 低保 for 最低生活保障, 医保 for 医疗保险: the characters in order, close together, within the item's name
  function abbreviates(word, label) {
    if (word.length < 2) { return false; }
    var start = label.indexOf(word.charAt(0));
    while (start >= 0) {
      var at = start, ok = true;
      for (var k = 1; k < word.length && ok; k++) {
        at = label.indexOf(word.charAt(k), at + 1);
        ok = at >= 0 && at - start < word.length * 4;
      }
      if (ok) { return true; }
      start = label.indexOf(word.charAt(0), start + 1);
    }
    return false;
  }

  function run(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = "在 " + rows.length + " 个现行有效事项中检索。"; return; }
    var exact = [], abbreviated = [];
    rows.forEach(function (r) {
      var text = (r[0] + " " + r[1] + " " + r[2] + " " + r[3]).toLowerCase();
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) { exact.push(r); }
      else if (words.every(function (w) { return text.indexOf(w) >= 0 || abbreviates(w, r[1]); })) { abbreviated.push(r); }
    });
    var found = exact.concat(abbreviated);
    found.slice(0, LIMIT).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r[4];
      a.textContent = r[1];
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = r[0] + " · " + r[2] + (r[3] ? " · " + r[3] : "");
      li.appendChild(a);
      li.appendChild(where);
      list.appendChild(li);
    });
    status.textContent = "找到 " + found.length + " 个事项" + (found.length > LIMIT ? "，显示前 " + LIMIT + " 个" : "") + "。";
  }

  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  run(q);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    run(input.value);
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
  });
})();
