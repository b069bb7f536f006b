import { type ChangeEvent, type FormEvent, useState } from "react";
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

/** Options labelled with their own values. */
const asOptions = (values: readonly string[]) => values.map((value) => [value, value] as const);

const protocols = [["", "Any"], ...asOptions(["http", "https", "socks4", "socks5"])] as const;
const anonymities = [["", "Any"], ...asOptions(["transparent", "anonymous", "elite"])] as const;
const limits = asOptions(["20", "50", "100", "200"]);

export function ProxyFilterForm({
  initial,
  onApply,
}: {
  initial: ProxyFilters;
  onApply(f: ProxyFilters): void;
}) {
  const [filters, setFilters] = useState(initial);
  const set = (name: keyof ProxyFilters) => (value: string) => setFilters({ ...filters, [name]: value });
  /** The value and change handler of a number input for the filter `name`. */
  const numberInput = (name: keyof ProxyFilters) => ({
    type: "number",
    value: filters[name],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(name)(event.target.value),
  });

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
      <Field label="Checked within (minutes)" min={1} placeholder="1440" {...numberInput("fresh_minutes")} />
      <Field label="Max latency (ms)" min={1} {...numberInput("max_latency_ms")} />
      <Field label="Min uptime (0–1)" min={0} max={1} step={0.01} {...numberInput("min_uptime")} />
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
