import { describe, expect, it } from "vitest";
import { exactOracle } from "@scoresweep/core";
import { MemoryStore } from "@scoresweep/store";
import { expandSpec } from "@scoresweep/sweep";
import { loadReproductionSpec } from "../../src/reproductions/registry.js";
import { gnzSchedules, MODEL_LIST } from "../../src/reproductions/gnz-schedules.js";
import { fillExactCampaign } from "../fill-exact-campaign.js";

describe("gnzSchedules.analyze", () => {
  it("gnz-schedules: every model of the list at every budget, W2 from the oracle, winners the smallest W2", () => {
    const store = new MemoryStore();
    const { spec } = loadReproductionSpec("gnz-schedules", true);
    fillExactCampaign(store, spec);
    const doc = gnzSchedules.analyze({ store, campaignId: spec.name, spec, quick: true });
    const s = doc.summary as {
      steps: number[];
      combos: { scheme: string; target: string; models: { family: string; w2: number[] }[] }[];
      winners: { scheme: string; target: string; K: number; best_w2: number; best_vp_w2: number; best_ve_w2: number }[];
    };
    expect(s.steps).toEqual([10, 100, 1000]);
    expect(s.combos.map((c) => `${c.scheme}/${c.target}`)).toEqual(["em_point/p0", "em_point/p_delta"]);
    for (const c of s.combos) expect(c.models.map((m) => m.family)).toEqual(MODEL_LIST.map((m) => m.family));
    for (const p of expandSpec(spec)) {
      const c = s.combos.find((x) => x.target === (p.point.metric.target ?? "p0"))!;
      const m = c.models.find((x) => x.family === p.point.sde.family)!;
      expect(m.w2[s.steps.indexOf(p.point.sampler.steps!)]).toBe(exactOracle(p.point).w2);
    }
    expect(s.winners).toHaveLength(6);
    for (const w of s.winners) {
      const c = s.combos.find((x) => x.target === w.target)!;
      const i = s.steps.indexOf(w.K);
      expect(w.best_w2).toBe(Math.min(...c.models.map((m) => m.w2[i]!)));
      expect(w.best_w2).toBe(Math.min(w.best_vp_w2, w.best_ve_w2));
    }
    expect(doc.sections[1]!.figures!.map((f) => f.name)).toEqual(["w2-vs-steps-em-point-p0", "w2-vs-steps-em-point-p-delta"]);
  });
});
