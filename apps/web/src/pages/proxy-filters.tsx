import { type FormEvent, useState } from "react";
import { Field, SelectField } from "../components/field.tsx";

/** The verified list's seven filters, as the API names them (page travels separately). */
export interface ProxyFilters {
  protocol: string;
  country: string;
  anonymity: string;
  fresh_minutes: string;
  max_latency_ms: string;
  min_uptime: string;
  limit: string;
}

export const emptyFilters: ProxyFilters = {
  protocol: "",
  country: "",
  anonymity: "",
  fresh_minutes: "",
  max_latency_ms: "",
  min_uptime: "",
  limit: "50",
};

const protocols = [
  ["", "Any"],
  ["http", "http"],
  ["https", "https"],
  ["socks4", "socks4"],
  ["socks5", "socks5"],
] as const;

const anonymities = [
  ["", "Any"],
  ["transparent", "transparent"],
  ["anonymous", "anonymous"],
  ["elite", "elite"],
] as const;

const limits = [
  ["20", "20"],
  ["50", "50"],
  ["100", "100"],
  ["200", "200"],
] as const;

export function ProxyFilterForm({
  initial,
  onApply,
}: {
  initial: ProxyFilters;
  onApply(f: ProxyFilters): void;
}) {
  const [filters, setFilters] = useState(initial);
  const set = (name: keyof ProxyFilters) => (value: string) => setFilters({ ...filters, [name]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(filters);
  }

  return (
    <form onSubmit={submit} className="filters" aria-label="Filter the proxy list">
      <SelectField label="Protocol" value={filters.protocol} options={protocols} onChange={set("protocol")} />
      <Field
        label="Country"
        hint="ISO code, e.g. US"
        maxLength={2}
        value={filters.country}
        onChange={(event) => set("country")(event.target.value.toUpperCase())}
      />
      <SelectField
        label="Anonymity"
        value={filters.anonymity}
        options={anonymities}
        onChange={set("anonymity")}
      />
      <Field
        label="Checked within (minutes)"
        type="number"
        min={1}
        placeholder="1440"
        value={filters.fresh_minutes}
        onChange={(event) => set("fresh_minutes")(event.target.value)}
      />
      <Field
        label="Max latency (ms)"
        type="number"
        min={1}
        value={filters.max_latency_ms}
        onChange={(event) => set("max_latency_ms")(event.target.value)}
      />
      <Field
        label="Min uptime (0–1)"
        type="number"
        min={0}
        max={1}
        step={0.01}
        value={filters.min_uptime}
        onChange={(event) => set("min_uptime")(event.target.value)}
      />
      <SelectField label="Per page" value={filters.limit} options={limits} onChange={set("limit")} />
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setFilters(emptyFilters);
            onApply(emptyFilters);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
