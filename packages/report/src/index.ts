/**
 * @scoresweep/report — tables, SVG plots and HTML reports from a results database (DESIGN §6–§7), and the curated
 * paper reproductions behind `scoresweep reproduce`.
 */
export { escapeXml } from "./svg/escape-xml.js";
export { cleanFloat, formatTick, formatNumber } from "./svg/format-number.js";
export { linearTicks, logTicks, type Ticks } from "./svg/ticks.js";
export { createScale, paddedDomain, drawable, type Scale, type ScaleKind } from "./svg/scale.js";
export { PALETTE, paletteColor } from "./svg/palette.js";
export { renderPlot, type PlotPoint, type PlotSeries, type PlotLine, type PlotSpec, type SeriesMode } from "./svg/render-plot.js";
export { leastSquares, type LinearFit } from "./fit/least-squares.js";
export { fitPowerLaw, fitPowerLawMulti, type FittedExponent, type PowerLawFit, type MultiPowerLawFit } from "./fit/power-law-fit.js";
export type { Cell, TableColumn, ReportTable, ReportFigure, ReportSection, ReportDocument } from "./html/report-document.js";
export { renderHtmlTable, renderMarkdownTable, renderCsvTable, displayCell } from "./html/render-table.js";
export { renderHtml, renderMarkdown, renderDocumentFiles, type RenderFilesOptions } from "./html/render-document.js";
export { flattenParams, varyingKeys, paramLabel, compareParamKeys, type ParamValue } from "./campaign/flatten-params.js";
export { loadCampaign, type CampaignData, type CampaignPoint } from "./campaign/load-campaign.js";
export { buildCampaignReport, exponentCell, type CampaignReportOptions } from "./campaign/build-campaign-report.js";
export { writeReportFiles } from "./write-report-files.js";
export { ReportError } from "./report-error.js";
