#!/usr/bin/python3
"""PyTorch eager peer of Groundwork's DJL trainer benchmark.

The same vision-language policy as dev.groundwork.trainer.model.VisionLanguageModel (patch
convolution, learned positions, pre-norm transformer encoder, 2-layer GELU projector, one-hot
token embedding matmul, pre-norm decoder with an image-visible/text-causal additive mask, final
LayerNorm, linear head) and the same step as the product's DpoTrainer / MdpoTrainer.step(), which
TrainerBench times: one policy forward with gradients over the concatenated rows ([chosen, rejected]
for DPO, [chosen|m, rejected|m, chosen|m'] for mDPO), one frozen-reference forward over the same rows
without gradients, the loss and its logged metrics (read back as Python floats, as the product reads
them), backward, global-norm gradient clipping and Adam (PyTorch's formulation, as train/Adam.java).
Rows are [<bos>, prompt, sep, response, <eos>] with the prompt (text - 3) // 2 tokens long, as the
product's synthetic bench pairs. Prints one JSON line.

Run by `./gw bench trainer` with Debian's python3-torch and libopenblas0-pthread.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {
    "tiny": dict(image=32, patch=8, d=128, enc=2, dec=2, heads=4, text=48, mlp=4),
    "small": dict(image=64, patch=8, d=256, enc=4, dec=4, heads=8, text=48, mlp=4),
    "base": dict(image=96, patch=8, d=512, enc=6, dec=8, heads=8, text=64, mlp=4),
}


class Layer(nn.Module):
    def __init__(self, d, heads, mlp):
        super().__init__()
        self.heads = heads
        self.n1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.n2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, mlp * d)
        self.fc2 = nn.Linear(mlp * d, d)

    def forward(self, x, bias=None):
        b, s, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.n1(x)).split(d, dim=2)
        q = q.reshape(b, s, h, d // h).transpose(1, 2)
        k = k.reshape(b, s, h, d // h).transpose(1, 2)
        v = v.reshape(b, s, h, d // h).transpose(1, 2)
        scores = q @ k.transpose(2, 3) * (1.0 / math.sqrt(d // h))
        if bias is not None:
            scores = scores + bias
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, d)
        x = x + self.out(ctx)
        return x + self.fc2(F.gelu(self.fc1(self.n2(x))))


class Vlm(nn.Module):
    def __init__(self, c, vocab):
        super().__init__()
        d = c["d"]
        self.c, self.vocab = c, vocab
        self.n_img = (c["image"] // c["patch"]) ** 2
        self.patch = nn.Conv2d(3, d, c["patch"], c["patch"])
        self.img_pos = nn.Parameter(torch.randn(1, self.n_img, d) * 0.02)
        self.enc = nn.ModuleList([Layer(d, c["heads"], c["mlp"]) for _ in range(c["enc"])])
        self.p1 = nn.Linear(d, d)
        self.p2 = nn.Linear(d, d)
        self.tok = nn.Parameter(torch.randn(vocab, d) * 0.02)
        self.txt_pos = nn.Parameter(torch.randn(1, c["text"], d) * 0.02)
        self.dec = nn.ModuleList([Layer(d, c["heads"], c["mlp"]) for _ in range(c["dec"])])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, images, tokens):
        b, t = tokens.shape
        x = self.patch(images).flatten(2).transpose(1, 2) + self.img_pos
        for layer in self.enc:
            x = layer(x)
        x = self.p2(F.gelu(self.p1(x)))
        text = F.one_hot(tokens, self.vocab).to(x.dtype) @ self.tok + self.txt_pos[:, :t]
        s = torch.cat([x, text], 1)
        n = s.shape[1]
        i = torch.arange(n)
        visible = (i[None, :] < self.n_img) | (i[None, :] <= i[:, None])
        bias = torch.where(visible, 0.0, -1e9).to(s.dtype)
        for layer in self.dec:
            s = layer(s, bias)
        return self.head(self.norm(s[:, self.n_img:]))


def seq_logps(logits, tokens, mask):
    lp = logits[:, :-1].log_softmax(-1).gather(2, tokens[:, 1:, None]).squeeze(2)
    return (lp * mask[:, 1:]).sum(1)


def sgemm(n=1024, reps=20):
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    start = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n ** 3 * reps / (time.perf_counter() - start) / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="small")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--text", type=int, default=24)
    ap.add_argument("--vocab", type=int, default=100)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--beta", type=float, default=0.1)
    ap.add_argument("--max-grad-norm", type=float, default=1.0)
    args = ap.parse_args()
    torch.manual_seed(7)
    torch.set_num_threads(args.threads)
    c = PRESETS[args.size]
    policy = Vlm(c, args.vocab)
    reference = Vlm(c, args.vocab)
    reference.load_state_dict(policy.state_dict())
    for p in reference.parameters():
        p.requires_grad_(False)
    params = [p for p in policy.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    b, t, beta = args.batch, args.text, args.beta
    images = torch.rand(b, 3, c["image"], c["image"])
    corrupted = torch.rand(b, 3, c["image"], c["image"])
    tokens = torch.randint(5, args.vocab, (2 * b, t))
    response_start = 1 + (t - 3) // 2 + 1
    mask = torch.zeros(2 * b, t)
    mask[:, response_start:] = 1

    def mean_logits(logits, m):
        # TRL's logits[rows][loss_mask].mean() after the one-position shift (the product's ResponseLogits).
        sel = m[:, 1:].bool()
        return logits.detach()[:, :-1][sel].mean().item()

    def step(mdpo):
        if mdpo:
            imgs = torch.cat([images, images, corrupted])
            toks = torch.cat([tokens, tokens[:b]])
            msk = torch.cat([mask, mask[:b]])
        else:
            imgs = torch.cat([images, images])
            toks, msk = tokens, mask
        with torch.no_grad():
            ref = seq_logps(reference(imgs, toks), toks, msk)
        logits = policy(imgs, toks)
        logps = seq_logps(logits, toks, msk)
        pw, pl, rw, rl = logps[:b], logps[b:2 * b], ref[:b], ref[b:2 * b]
        loss = -F.logsigmoid(beta * ((pw - pl) - (rw - rl))).mean()
        if mdpo:
            pc, rc = logps[2 * b:], ref[2 * b:]
            loss = loss - F.logsigmoid(beta * ((pw - pc) - (rw - rc))).mean() - F.logsigmoid(beta * (pw - rw)).mean()
        chosen_r, rejected_r = beta * (pw - rw).detach(), beta * (pl - rl).detach()
        metrics = [loss.item(), chosen_r.mean().item(), rejected_r.mean().item(), (chosen_r > rejected_r).float().mean().item(),
                   pw.detach().mean().item(), pl.detach().mean().item(),
                   (-pw.detach().sum() / msk[:b, 1:].sum()).item(),
                   mean_logits(logits[:b], msk[:b]), mean_logits(logits[b:2 * b], msk[b:2 * b])]
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(params, args.max_grad_norm).item()
        opt.step()
        opt.zero_grad(set_to_none=False)
        return metrics, grad_norm

    result = {"threads": torch.get_num_threads(), "torch": torch.__version__,
              "sgemm_gflops": sgemm(), "parameters": sum(p.numel() for p in policy.parameters())}
    for name, mdpo in (("dpo", False), ("mdpo", True)):
        for _ in range(args.warmup):
            step(mdpo)
        start = time.perf_counter()
        for _ in range(args.steps):
            step(mdpo)
        result[name + "_pairs_per_s"] = b * args.steps / (time.perf_counter() - start)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
