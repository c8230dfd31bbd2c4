// Printers for metrics.k8s.io (metrics-server's table): Name, each resource's usage (a pod's summed over its
// containers) and the window.
import { parseQuantity } from '../resource/quantity.js';
import { col, nameColumn, nameOf, type PrinterSet, type TablePrinter } from './columns.js';

interface Usage { cpu?: string; memory?: string }
interface MetricsObject { metadata?: { name?: string }; window?: string; usage?: Usage; containers?: { usage?: Usage }[] }

const sum = (values: readonly (string | undefined)[]): string => values.reduce((acc, v) => acc.add(parseQuantity(v ?? '0')), parseQuantity('0')).toString();

function usagePrinter(usageOf: (o: MetricsObject) => Usage): TablePrinter {
  return {
    columns: [nameColumn, col('cpu', { format: 'quantity' }), col('memory', { format: 'quantity' }), col('Window', { format: 'duration' })],
    cells(obj) {
      const o = obj as MetricsObject;
      const u = usageOf(o);
      return [nameOf(o), u.cpu ?? '0', u.memory ?? '0', o.window ?? ''];
    },
  };
}

export const metricsPrinters: PrinterSet = {
  'NodeMetrics.metrics.k8s.io': usagePrinter((o) => o.usage ?? {}),
  'PodMetrics.metrics.k8s.io': usagePrinter((o) => ({ cpu: sum((o.containers ?? []).map((c) => c.usage?.cpu)), memory: sum((o.containers ?? []).map((c) => c.usage?.memory)) })),
};
