package dev.groundwork.trainer.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss settings an objective reads (those it does not use are ignored).
 *
 * @param beta DPO / mDPO β
 * @param labelSmoothing conservative-DPO label smoothing
 * @param lossType TRL's name of the DPO loss: sigmoid, hinge, ipo, robust
 * @param sftWeight TRL's {@code rpo_alpha}: weight of the chosen answers' NLL added to DPO
 */
public record ObjectiveSettings(double beta, double labelSmoothing, String lossType, double sftWeight) {

    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("beta", Double.toString(beta));
        m.put("label_smoothing", Double.toString(labelSmoothing));
        m.put("loss_type", lossType);
        m.put("rpo_alpha", Double.toString(sftWeight));
        return m;
    }
}
