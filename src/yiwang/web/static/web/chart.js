/* Yiwang's charts: ywChart(element, option, emptyText) draws an ECharts option, leaving out every series with no
   figure to draw (all empty or zero); when none is left (or ECharts did not load) the box shows the design system's
   empty state instead of a blank box: <div class="chart-empty">暂无数据</div>. Marks the element data-ready="1" when
   drawn, data-empty="1" when empty. Load after vendor/echarts.min.js, before the page's own script. */
(function () {
  "use strict";
  function hasFigures(series) {
    var data = series.data || [];
    for (var i = 0; i < data.length; i++) {
      var v = data[i] !== null && typeof data[i] === "object" ? data[i].value : data[i];
      if (v !== null && v !== undefined && v !== "" && Number(v) !== 0) return true;
    }
    return false;
  }
  function empty(el, text) {
    var box = document.createElement("div");
    box.className = "chart-empty";
    box.id = el.id;
    box.setAttribute("data-empty", "1");
    box.textContent = text || (document.documentElement.lang === "en" ? "No data" : "暂无数据");
    el.parentNode.replaceChild(box, el);
    return null;
  }
  window.ywChart = function (el, option, emptyText) {
    if (!el) return null;
    var series = (option.series || []).filter(hasFigures);
    if (!window.echarts || !series.length) return empty(el, emptyText);
    option.series = series;
    if (option.legend && option.legend !== false) {
      option.legend.data = series.map(function (s) { return s.name; });
    }
    var chart = window.echarts.init(el);
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    el.setAttribute("data-ready", "1");
    return chart;
  };
})();
