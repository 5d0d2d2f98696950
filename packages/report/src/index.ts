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
export type { AnalysisContext, AvailableReproduction, PlannedReproduction, Reproduction } from "./reproductions/reproduction.js";
export { REPRODUCTIONS, getReproduction, getAvailableReproduction, reproductionSpecPath, loadReproductionSpec } from "./reproductions/registry.js";
export { GNZ_ROWS, GNZ_LOWER_BOUND, gnzRow, type GnzRow } from "./reproductions/gnz-table.js";
export { gnzHorizon, contractionIntegral, type HorizonRuleOptions } from "./reproductions/gnz-horizon-rule.js";
export { fitComplexityExponents, type ComplexityCell, type ComplexityExponents } from "./reproductions/exponent-fit.js";
export { gnzComplexity, K_FIT_MIN, RULE_SHARE } from "./reproductions/gnz-complexity.js";
export { gnzLowerBound, veFirstOrderConstant } from "./reproductions/gnz-lower-bound.js";
export { gnzSchedules, MODEL_LIST } from "./reproductions/gnz-schedules.js";
export { isoGaussianSigma } from "./reproductions/iso-gaussian.js";
