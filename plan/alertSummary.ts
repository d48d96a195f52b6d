// Alerts as a plan declares them: EventBridge rules and CloudWatch alarms, where each one notifies,
// and who is subscribed to those topics. A rotation that fails silently is the failure this project
// exists to prevent, so the plan shows the whole path from failure to inbox.
import { RecordedResource, unwrapSecrets } from "./recorder";
import { ResourceIndex } from "./resourceIndex";

const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

export interface AlertPath {
  source: RecordedResource;
  /** What triggers it, in words. */
  trigger: string;
  /** ARNs notified. */
  targets: string[];
}

export interface TopicSummary {
  topic: RecordedResource;
  subscriptions: Array<{ protocol: string; endpoint: string }>;
}

function inputsOf(r: RecordedResource): Record<string, unknown> {
  return unwrapSecrets(r.inputs) as Record<string, unknown>;
}

function describePattern(pattern: unknown): string {
  if (typeof pattern !== "string") return "event pattern";
  try {
    const p = JSON.parse(pattern) as Record<string, unknown>;
    const parts: string[] = [];
    if (p.source) parts.push(`source ${JSON.stringify(p.source)}`);
    if (p["detail-type"]) parts.push(`detail-type ${JSON.stringify(p["detail-type"])}`);
    if (p.detail) parts.push(`detail ${JSON.stringify(p.detail)}`);
    return parts.join(", ") || pattern;
  } catch {
    return pattern;
  }
}

export function collectAlertPaths(index: ResourceIndex): AlertPath[] {
  const targets = index.ofType(EVENT_TARGET).map(inputsOf);
  const paths: AlertPath[] = [];
  for (const rule of index.ofType(EVENT_RULE)) {
    const i = inputsOf(rule);
    const ruleName = (rule.state.name as string | undefined) ?? rule.id;
    paths.push({
      source: rule,
      trigger: `EventBridge ${describePattern(i.eventPattern)}`,
      targets: targets.filter((t) => t.rule === ruleName || t.rule === rule.id).map((t) => String(t.arn)),
    });
  }
  for (const alarm of index.ofType(ALARM)) {
    const i = inputsOf(alarm);
    const dims = Object.entries((i.dimensions ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${index.nameOf(v)}`).join(", ");
    paths.push({
      source: alarm,
      trigger: `alarm ${i.namespace ?? "?"} ${i.metricName ?? "?"} ${i.comparisonOperator ?? ""} ${i.threshold ?? ""}${dims ? ` (${dims})` : ""}`.replace(/\s+/g, " ").trim(),
      targets: Array.isArray(i.alarmActions) ? i.alarmActions.map(String) : [],
    });
  }
  return paths;
}

export function collectTopics(index: ResourceIndex): TopicSummary[] {
  const subs = index.ofType(SUBSCRIPTION).map(inputsOf);
  return index.ofType(TOPIC).map((topic) => {
    const arn = topic.state.arn;
    return {
      topic,
      subscriptions: subs.filter((s) => s.topic === arn || s.topic === topic.id)
        .map((s) => ({ protocol: String(s.protocol ?? "?"), endpoint: String(s.endpoint ?? "?") })),
    };
  });
}
