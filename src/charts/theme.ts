import type { Config } from "vega-lite";
import type { Profile } from "../profiles/schema.ts";

/** The house style as a Vega-Lite config: specs carry no colours or fonts of their own. */
export function chartConfig(profile: Profile): Config {
  const { kleuren, lettertype } = profile.huisstijl;
  const font = `${lettertype}, sans-serif`;
  return {
    background: kleuren.achtergrond,
    font,
    padding: 8,
    view: { stroke: "transparent", continuousWidth: 560, continuousHeight: 260 },
    range: { category: kleuren.grafiek },
    mark: { color: kleuren.grafiek[0] },
    line: { strokeWidth: 3, point: { size: 45, filled: true } },
    bar: { color: kleuren.grafiek[0] },
    axis: { labelColor: kleuren.tekst, titleColor: kleuren.tekst, labelFontSize: 12, titleFontSize: 12, gridColor: "#d9d9d9", domainColor: "#767676", tickColor: "#767676" },
    legend: { labelColor: kleuren.tekst, titleColor: kleuren.tekst, labelFontSize: 12, titleFontSize: 12, orient: "bottom" },
    title: { color: kleuren.tekst, fontSize: 14, anchor: "start" },
    text: { color: kleuren.tekst },
  };
}
