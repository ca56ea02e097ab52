/** The key under which a chart is compiled once and looked up by every page that shows it. */
export function chartKey(gemeente: string, specFile: string, datasetKey: string, title: string): string {
  return `${gemeente}|${specFile}|${datasetKey}|${title}`;
}
