// Apache ECharts, imported per chart type (not the whole library) and drawn on canvas.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, FunnelChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent,
  CanvasRenderer]);

export { echarts };
