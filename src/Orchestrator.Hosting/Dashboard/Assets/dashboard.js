// Orchestrator dashboard: polls the JSON endpoints next to this page and draws tables and hand-written SVG bar charts.
// Everything from the server is inserted as text (never as HTML): user ids and model names are untrusted.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const refreshMs = Math.max(1, Number(document.body.dataset.refreshSeconds) || 5) * 1000;

  const money = v => "$" + Number(v).toFixed(4);
  const percent = v => (Number(v) * 100).toFixed(1) + "%";
  const ms = v => (v === null || v === undefined) ? "–" : Number(v).toFixed(1);
  const $ = id => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function fillTable(id, rows, cells) {
    const body = $(id).tBodies[0];
    body.replaceChildren(...rows.map(r => {
      const tr = document.createElement("tr");
      for (const c of cells(r)) { tr.append(typeof c === "object" && c !== null && c.nodeType ? c : el("td", c)); }
      return tr;
    }));
  }

  // rows: [{ label, value, text, cls }]; bars scale to max(value, scaleMax).
  function barChart(id, rows, scaleMax) {
    const host = $(id);
    if (rows.length === 0) { host.replaceChildren(el("p", "No data in this window.", "muted")); return; }
    const rowH = 24, labelW = 200, barW = 240, valueW = 260;
    const max = Math.max(scaleMax || 0, ...rows.map(r => Number(r.value))) || 1;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", labelW + barW + valueW);
    svg.setAttribute("height", rows.length * rowH + 4);
    svg.setAttribute("role", "img");
    rows.forEach((r, i) => {
      const g = document.createElementNS(SVG, "g");
      g.setAttribute("transform", `translate(0, ${i * rowH + 2})`);
      g.setAttribute("data-label", r.label);
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", 0); label.setAttribute("y", 16); label.setAttribute("class", "label");
      label.textContent = r.label;
      const bar = document.createElementNS(SVG, "rect");
      bar.setAttribute("x", labelW); bar.setAttribute("y", 3); bar.setAttribute("height", rowH - 8);
      bar.setAttribute("width", Math.max(1, Math.min(1, Number(r.value) / max) * barW));
      bar.setAttribute("class", r.cls || "bar");
      const value = document.createElementNS(SVG, "text");
      value.setAttribute("x", labelW + barW + 8); value.setAttribute("y", 16); value.setAttribute("class", "value");
      value.textContent = r.text;
      g.append(label, bar, value);
      svg.append(g);
    });
    host.replaceChildren(svg);
  }

  function showStatus(id, message) {
    const p = $(id);
    p.hidden = !message;
    p.textContent = message || "";
  }

  async function getJson(path) {
    const response = await fetch(path, { cache: "no-store" });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error((body && (body.detail || body.title)) || `${path}: HTTP ${response.status}`);
    }
    return body;
  }

  function renderLlmOps(d) {
    $("window").textContent = `window ${d.from.replace("T", " ").slice(0, 16)} – ${d.to.replace("T", " ").slice(0, 16)} UTC`;
    if (!d.configured) {
      showStatus("llmops-status", "No PostgreSQL LLMOps database configured (Orchestrator:Dashboard:ConnectionString or Orchestrator:LlmOps:ConnectionString): spend, latency, experiments and recent calls are not shown.");
      return;
    }
    showStatus("llmops-status", null);
    const s = d.summary;
    $("summary-invocations").textContent = String(s.invocations);
    $("summary-cost").textContent = money(s.cost_usd);
    $("summary-success").textContent = percent(s.success_rate);
    $("summary-failover").textContent = percent(d.failover_rate);
    $("summary-p95").textContent = s.p95_latency_ms === null ? "–" : ms(s.p95_latency_ms) + " ms";

    barChart("spend-tier", d.tiers.map(t => ({ label: `tier ${t.tier}`, value: t.total_cost_usd, text: money(t.total_cost_usd) })));
    barChart("spend-user", d.users.map(u => ({ label: u.user_id, value: u.cost_usd, text: money(u.cost_usd) })));
    barChart("spend-model", d.models.map(m => ({ label: `${m.provider}/${m.model}`, value: m.cost_usd, text: money(m.cost_usd) })));

    fillTable("latency", d.latency, l => [l.provider, l.model, l.invocations, ms(l.p50_ms), ms(l.p95_ms), ms(l.p99_ms), ms(l.average_time_to_first_token_ms)]);
    fillTable("models", d.models, m => [m.provider, m.model, m.tier, m.invocations, percent(m.succeeded / m.invocations), percent(m.failed_over / m.invocations), money(m.cost_usd)]);

    $("experiments-empty").hidden = d.experiments.length > 0;
    $("experiments").hidden = d.experiments.length === 0;
    fillTable("experiments", d.experiments, x => [x.workflow_id, x.workflow_version, x.traffic_share === null ? "–" : percent(x.traffic_share),
      x.runs, percent(x.success_rate), money(x.average_cost_usd), ms(x.average_latency_ms), x.average_judge_score === null ? "–" : Number(x.average_judge_score).toFixed(2)]);

    fillTable("recent", d.recent, r => [r.started_at.replace("T", " ").slice(0, 19), r.user_id || "–", `${r.provider}/${r.model}`, r.tier,
      el("td", r.error_class ? `${r.status} (${r.error_class})` : r.status, r.status === "succeeded" ? "" : "alert-95"),
      r.routing_attempts, r.tokens, money(r.cost_usd), ms(r.latency_ms)]);
  }

  function renderBudgets(d) {
    if (!d.configured) { showStatus("budgets-status", "Budgets are not configured (AddBudgets)."); $("budgets").replaceChildren(); return; }
    showStatus("budgets-status", null);
    barChart("budgets", d.pools.map(p => ({
      label: p.pool,
      value: Math.min(100, p.utilization_percent),
      text: `${Number(p.utilization_percent).toFixed(1)}% of ${money(p.limit)} · ${p.alert_level === "ok" ? "ok" : p.alert_level === "exhausted" ? "exhausted" : p.alert_level + "% alert"}`,
      cls: "alert-" + p.alert_level,
    })), 100);
  }

  function renderRouting(d) {
    fillTable("breakers", d.providers, p => [p.name, p.type + (p.local ? " (local)" : ""), el("td", p.breaker, "breaker-" + p.breaker),
      p.healthy === null ? "not checked" : (p.healthy ? "healthy" : "unhealthy") + (p.health_detail ? ` – ${p.health_detail}` : "")]);
  }

  async function panel(path, render, statusId) {
    try { render(await getJson(path)); if (statusId) { showStatus(statusId, null); } }
    catch (e) { showStatus(statusId, e.message); }
  }

  async function refresh() {
    await Promise.all([
      panel("api/llmops", renderLlmOps, "llmops-status"),
      panel("api/budgets", renderBudgets, "budgets-status"),
      panel("api/routing", renderRouting, "routing-status"),
    ]);
    $("updated").textContent = "updated " + new Date().toISOString().slice(11, 19) + " UTC";
    document.body.dataset.loaded = "true";
    setTimeout(refresh, refreshMs);
  }

  refresh();
})();
