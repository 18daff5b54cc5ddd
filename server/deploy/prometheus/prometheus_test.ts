import assert from "node:assert/strict";
import { parse } from "yaml";
import { startPrometheus } from "../../testing/prometheus_server.ts";
import { api, signUp, WsClient } from "../../testing/test_client.ts";
import { startTestServer } from "../../testing/test_server.ts";
import { until } from "../../testing/within.ts";

const HERE = new URL("./", import.meta.url).pathname;
const ALERTS = `${HERE}alerts.yml`;
const DASHBOARD = new URL("../grafana/dashboards/chat.json", import.meta.url);

/** Runs promtool in this folder; resolves to its output, failing the test when it fails. */
async function promtool(...args: string[]): Promise<string> {
  const out = await new Deno.Command("promtool", { args, cwd: HERE }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `promtool ${args.join(" ")}:\n${text}`);
  return text;
}

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** Every PromQL expression of the dashboard, with the panel it belongs to. */
async function dashboardQueries(): Promise<{ panel: string; expr: string }[]> {
  const dashboard = JSON.parse(await Deno.readTextFile(DASHBOARD));
  const walk = (panels: Panel[]): { panel: string; expr: string }[] =>
    panels.flatMap((p) => [
      ...(p.targets ?? []).flatMap((t) => t.expr ? [{ panel: p.title ?? "", expr: t.expr }] : []),
      ...walk(p.panels ?? []),
    ]);
  return walk(dashboard.panels);
}

/** Every alert rule: its name, full expression, and the query left of its threshold. */
async function alertRules(): Promise<{ alert: string; expr: string; query: string }[]> {
  const { groups } = parse(await Deno.readTextFile(ALERTS));
  return groups.flatMap((g: { rules: { alert: string; expr: string }[] }) =>
    g.rules.map(({ alert, expr }) => {
      const query = expr.replace(/\s*(==|!=|>=|<=|>|<)\s*-?[\d.]+\s*$/, "");
      assert.notEqual(query, expr, `${alert} compares a query with a threshold`);
      return { alert, expr, query };
    })
  );
}

/** The value of a one-element instant vector, or undefined when it has no element. */
async function scalar(
  prometheus: { query(e: string): Promise<{ data?: { result: { value: [number, string] }[] } }> },
  expr: string,
) {
  const value = (await prometheus.query(expr)).data?.result[0]?.value[1];
  return value === undefined ? undefined : Number(value);
}

Deno.test("promtool: the config and the alert rules are valid, and the rules' unit tests pass", async () => {
  assert.match(await promtool("check", "config", "prometheus.yml"), /SUCCESS: 1 rule files found/);
  assert.match(await promtool("check", "rules", "alerts.yml"), /SUCCESS: 7 rules found/);
  assert.match(await promtool("test", "rules", "alerts_test.yml"), /SUCCESS/);
});

Deno.test("a real Prometheus scraping two servers answers every dashboard and alert query with data", async () => {
  const a = await startTestServer();
  const b = await startTestServer({ sharing: a });
  const targets = [a.url, b.url].map((url) => new URL(url).host);
  const prometheus = await startPrometheus({ targets, ruleFiles: [ALERTS] });
  const clients: WsClient[] = [];
  try {
    await until(
      async () => (await scalar(prometheus, 'count(up{job="chat-server"} == 1)')) === 2,
      30_000,
      "both targets up",
      200,
    );

    // Traffic between the first scrapes and the last: messages across instances, a 404.
    const alice = await signUp(a.url, "alice");
    const bob = await signUp(b.url, "bob");
    const room = await api(a.url, "POST", "/rooms", { name: "general" }, alice.access_token);
    await api(b.url, "POST", `/rooms/${room.body.room.id}/join`, undefined, bob.access_token);
    const aliceWs = await WsClient.connect(a.wsUrl, alice.access_token);
    const bobWs = await WsClient.connect(b.wsUrl, bob.access_token);
    clients.push(aliceWs, bobWs);
    for (let i = 0; i < 5; i++) {
      aliceWs.send({
        type: "send",
        room_id: room.body.room.id,
        client_msg_id: crypto.randomUUID(),
        text: `hi ${i}`,
      });
      await bobWs.nextMessage();
    }
    assert.equal(
      (await api(b.url, "GET", `/rooms/${crypto.randomUUID()}`, undefined, bob.access_token))
        .status,
      404,
    );

    // rate() needs two samples of a series: wait for two scrapes of each instance after the
    // traffic (series such as status="404" appear with it).
    const trafficDone = Date.now() / 1000;
    await until(
      async () =>
        (await scalar(prometheus, "sum(chat_messages_delivered_total)")) === 10 &&
        (await scalar(prometheus, 'min(timestamp(up{job="chat-server"}))'))! > trafficDone + 1.5,
      30_000,
      "two scrapes of both instances after the traffic",
      200,
    );
    await until(
      async () => {
        const rules = (await prometheus.api("rules")).data.groups.flatMap((
          g: { rules: unknown[] },
        ) => g.rules);
        return rules.length === 7 && rules.every((r: { health: string }) => r.health === "ok");
      },
      30_000,
      "every alert rule evaluated",
      200,
    );

    // Grafana's $__rate_interval: four scrape intervals at least; the test scrapes every second.
    const queries = [
      ...(await dashboardQueries()).map(({ panel, expr }) => ({
        what: `panel "${panel}"`,
        expr: expr.replaceAll("$__rate_interval", "30s"),
      })),
      ...(await alertRules()).flatMap(({ alert, expr, query }) => [
        { what: `alert ${alert}`, expr, parseOnly: true },
        { what: `alert ${alert} (query without threshold)`, expr: query },
      ]),
    ];
    assert.ok(queries.length > 20);
    for (
      const { what, expr, parseOnly } of queries as {
        what: string;
        expr: string;
        parseOnly?: boolean;
      }[]
    ) {
      const answer = await prometheus.query(expr);
      assert.equal(answer.status, "success", `${what}: ${expr}: ${answer.error}`);
      if (parseOnly) continue;
      assert.ok(answer.data.result.length > 0, `${what} returned no data: ${expr}`);
    }
    // Real figures, not only series at zero: the delivery histogram saw the live messages.
    const p99 = await scalar(
      prometheus,
      "histogram_quantile(0.99, sum by (le) (rate(chat_message_delivery_latency_seconds_bucket[1m])))",
    );
    assert.ok(p99! > 0 && p99! <= 10, `delivery p99 ${p99}`);
  } finally {
    for (const client of clients) await client.close();
    await prometheus.close();
    await b.close();
    await a.close();
  }
});
