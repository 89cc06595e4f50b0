// SIMD kernels for the engine, compiled to wasm32 + SIMD128 (see build.sh). The per-example conv
// filter gradient is the reason this file exists: tfjs has no batched AᵀB per example, and
// per-example conv gradients cost as much as the layer's ordinary weight gradient, so they must
// run at GEMM speed. Loops that JavaScript runs slowly (max-pool gradients) live here too.
#include <wasm_simd128.h>

typedef unsigned long size_t;

extern unsigned char __heap_base;


__attribute__((export_name("heap_start"))) size_t heap_start(void) {
  return ((size_t)&__heap_base + 15) & ~(size_t)15;
}

// Per-example filter gradients of a 2-D convolution, NHWC, filter [KH, KW, C, M]:
//   out[i, kh, kw, c, m] = Σ_{oy, ox} x[i, oy·sh + kh − pt, ox·sw + kw − pl, c] · dy[i, oy, ox, m]
// Positions in the padding contribute 0. Accumulators for one (kh, kw, c) row live in registers.
// With `summed` set, out is one filter gradient (the sum over examples) instead of B of them.
#define STORE(dst, v) (summed ? wasm_v128_store(dst, wasm_f32x4_add(wasm_v128_load(dst), v)) : wasm_v128_store(dst, v))
__attribute__((export_name("conv_filter_grad")))
void conv_filter_grad(const float* x, const float* dy, float* out, int summed,
                      int B, int H, int W, int C, int OH, int OW, int M,
                      int KH, int KW, int sh, int sw, int pt, int pl) {
  const int rowLen = M;
  const int perExample = KH * KW * C * M;
  const int cVec = M % 4 != 0 ? C - C % 4 : 0;
  for (int i = 0; i < B; i++) {
    const float* xi = x + (size_t)i * H * W * C;
    const float* gi = dy + (size_t)i * OH * OW * M;
    float* oi = summed ? out : out + (size_t)i * perExample;
    if (summed && i == 0) for (int j = 0; j < perExample; j++) out[j] = 0;
    for (int kh = 0; kh < KH; kh++) {
      // Output rows whose input row is inside the image.
      int oyLo = 0, oyHi = OH;
      while (oyLo < OH && oyLo * sh + kh - pt < 0) oyLo++;
      while (oyHi > oyLo && (oyHi - 1) * sh + kh - pt >= H) oyHi--;
      for (int kw = 0; kw < KW; kw++) {
        int oxLo = 0, oxHi = OW;
        while (oxLo < OW && oxLo * sw + kw - pl < 0) oxLo++;
        while (oxHi > oxLo && (oxHi - 1) * sw + kw - pl >= W) oxHi--;
        for (int c = 0; c < C; c++) {
          float* row = oi + ((size_t)(kh * KW + kw) * C + c) * rowLen;
          int m = 0;
          for (; m + 16 <= M; m += 16) {
            v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
            for (int oy = oyLo; oy < oyHi; oy++) {
              const float* xr = xi + ((size_t)(oy * sh + kh - pt) * W) * C + c;
              const float* gr = gi + (size_t)oy * OW * M + m;
              for (int ox = oxLo; ox < oxHi; ox++) {
                const v128_t u = wasm_f32x4_splat(xr[(size_t)(ox * sw + kw - pl) * C]);
                const float* g = gr + (size_t)ox * M;
                a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(u, wasm_v128_load(g)));
                a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(u, wasm_v128_load(g + 4)));
                a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(u, wasm_v128_load(g + 8)));
                a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(u, wasm_v128_load(g + 12)));
              }
            }
            STORE(row + m, a0);
            STORE(row + m + 4, a1);
            STORE(row + m + 8, a2);
            STORE(row + m + 12, a3);
          }
          for (; m + 4 <= M; m += 4) {
            v128_t a0 = wasm_f32x4_splat(0);
            for (int oy = oyLo; oy < oyHi; oy++) {
              const float* xr = xi + ((size_t)(oy * sh + kh - pt) * W) * C + c;
              const float* gr = gi + (size_t)oy * OW * M + m;
              for (int ox = oxLo; ox < oxHi; ox++) {
                const v128_t u = wasm_f32x4_splat(xr[(size_t)(ox * sw + kw - pl) * C]);
                a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(u, wasm_v128_load(gr + (size_t)ox * M)));
              }
            }
            STORE(row + m, a0);
          }
          if (c < cVec) continue; // the m tail of these channels runs four channels at a time below
          for (; m < M; m++) {
            float a = 0;
            for (int oy = oyLo; oy < oyHi; oy++) {
              const float* xr = xi + ((size_t)(oy * sh + kh - pt) * W) * C + c;
              for (int ox = oxLo; ox < oxHi; ox++) a += xr[(size_t)(ox * sw + kw - pl) * C] * gi[((size_t)oy * OW + ox) * M + m];
            }
            row[m] = summed ? row[m] + a : a;
          }
        }
        // Output channels left over by the blocks of 4 (all of them when M < 4, e.g. a layer
        // producing one image channel): vectors over four input channels instead, not scalars.
        for (int c = 0; c < cVec; c += 4) {
          for (int m = M - M % 4; m < M; m++) {
            v128_t a0 = wasm_f32x4_splat(0);
            for (int oy = oyLo; oy < oyHi; oy++) {
              const float* xr = xi + ((size_t)(oy * sh + kh - pt) * W) * C + c;
              const float* gr = gi + (size_t)oy * OW * M + m;
              for (int ox = oxLo; ox < oxHi; ox++) {
                a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(xr + (size_t)(ox * sw + kw - pl) * C), wasm_f32x4_splat(gr[(size_t)ox * M])));
              }
            }
            for (int j = 0; j < 4; j++) {
              float* dst = oi + ((size_t)(kh * KW + kw) * C + c + j) * rowLen + m;
              const float v = j == 0 ? wasm_f32x4_extract_lane(a0, 0) : j == 1 ? wasm_f32x4_extract_lane(a0, 1) : j == 2 ? wasm_f32x4_extract_lane(a0, 2) : wasm_f32x4_extract_lane(a0, 3);
              *dst = summed ? *dst + v : v;
            }
          }
        }
      }
    }
  }
}

// sq[i] += Σ_j (g[i, j] · mask[j])²; mask may be 0 (no mask). Accumulates in double per example.
__attribute__((export_name("add_sq_norms")))
void add_sq_norms(const float* g, const float* mask, double* sq, int B, int D) {
  for (int i = 0; i < B; i++) {
    const float* gi = g + (size_t)i * D;
    v128_t acc = wasm_f32x4_splat(0);
    double total = 0;
    int j = 0;
    // Blocks of 1024 values in float SIMD, folded into the double total between blocks.
    while (j + 4 <= D) {
      int end = j + 1024 < D ? j + 1024 : D;
      acc = wasm_f32x4_splat(0);
      if (mask) {
        for (; j + 4 <= end; j += 4) {
          v128_t v = wasm_f32x4_mul(wasm_v128_load(gi + j), wasm_v128_load(mask + j));
          acc = wasm_f32x4_add(acc, wasm_f32x4_mul(v, v));
        }
      } else {
        for (; j + 4 <= end; j += 4) {
          v128_t v = wasm_v128_load(gi + j);
          acc = wasm_f32x4_add(acc, wasm_f32x4_mul(v, v));
        }
      }
      total += (double)wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)
             + wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
    }
    for (; j < D; j++) {
      float v = mask ? gi[j] * mask[j] : gi[j];
      total += (double)v * v;
    }
    sq[i] += total;
  }
}

// out[j] = Σ_i c[i] · g[i, j] (the clipped sum of per-example gradients).
__attribute__((export_name("weighted_sum")))
void weighted_sum(const float* g, const float* c, float* out, int B, int D) {
  int j = 0;
  for (; j + 4 <= D; j += 4) wasm_v128_store(out + j, wasm_f32x4_splat(0));
  for (; j < D; j++) out[j] = 0;
  for (int i = 0; i < B; i++) {
    const float* gi = g + (size_t)i * D;
    const float ci = c[i];
    if (ci == 0) continue;
    const v128_t cv = wasm_f32x4_splat(ci);
    j = 0;
    for (; j + 4 <= D; j += 4) {
      wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(out + j), wasm_f32x4_mul(cv, wasm_v128_load(gi + j))));
    }
    for (; j < D; j++) out[j] += ci * gi[j];
  }
}

// Max-pool gradient, NHWC: each output gradient goes to the first maximum of its window (scan
// order, as tfjs's cpu backend). dx must be zeroed by the caller. Four channels at a time: the
// window scan is compares and selects on whole vectors.
__attribute__((export_name("max_pool_grad")))
void max_pool_grad(const float* x, const float* dy, float* dx, int B, int H, int W, int C,
                   int OH, int OW, int FH, int FW, int sh, int sw, int pt, int pl) {
  for (int b = 0; b < B; b++) {
    const int base = b * H * W * C;
    for (int oy = 0; oy < OH; oy++) {
      const int y0 = oy * sh - pt;
      int fyLo = 0, fyHi = FH;
      while (fyLo < FH && y0 + fyLo < 0) fyLo++;
      while (fyHi > fyLo && y0 + fyHi - 1 >= H) fyHi--;
      for (int ox = 0; ox < OW; ox++) {
        const int x0 = ox * sw - pl;
        int fxLo = 0, fxHi = FW;
        while (fxLo < FW && x0 + fxLo < 0) fxLo++;
        while (fxHi > fxLo && x0 + fxHi - 1 >= W) fxHi--;
        if (fyLo >= fyHi || fxLo >= fxHi) continue;
        const float* g = dy + (((size_t)b * OH + oy) * OW + ox) * C;
        const int first = base + ((y0 + fyLo) * W + (x0 + fxLo)) * C;
        int c = 0;
        for (; c + 4 <= C; c += 4) {
          v128_t best = wasm_v128_load(x + first + c);
          v128_t at = wasm_i32x4_add(wasm_i32x4_splat(first + c), wasm_i32x4_make(0, 1, 2, 3));
          for (int fy = fyLo; fy < fyHi; fy++) {
            for (int fx = fxLo; fx < fxHi; fx++) {
              const int idx = base + ((y0 + fy) * W + (x0 + fx)) * C + c;
              const v128_t v = wasm_v128_load(x + idx);
              const v128_t take = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, take);
              at = wasm_v128_bitselect(wasm_i32x4_add(wasm_i32x4_splat(idx), wasm_i32x4_make(0, 1, 2, 3)), at, take);
            }
          }
          dx[wasm_i32x4_extract_lane(at, 0)] += g[c];
          dx[wasm_i32x4_extract_lane(at, 1)] += g[c + 1];
          dx[wasm_i32x4_extract_lane(at, 2)] += g[c + 2];
          dx[wasm_i32x4_extract_lane(at, 3)] += g[c + 3];
        }
        for (; c < C; c++) {
          float best = x[first + c];
          int at = first + c;
          for (int fy = fyLo; fy < fyHi; fy++) {
            for (int fx = fxLo; fx < fxHi; fx++) {
              const int idx = base + ((y0 + fy) * W + (x0 + fx)) * C + c;
              if (x[idx] > best) { best = x[idx]; at = idx; }
            }
          }
          dx[at] += g[c];
        }
      }
    }
  }
}

static inline float dot(const float* a, const float* b, int n) {
  v128_t acc = wasm_f32x4_splat(0);
  int j = 0;
  for (; j + 4 <= n; j += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(a + j), wasm_v128_load(b + j)));
  float s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) + wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
  for (; j < n; j++) s += a[j] * b[j];
  return s;
}

// Ghost norms for layers whose per-example gradient is a sum of outer products over P positions,
// ∇W_i = Σ_p u_{i,p} g_{i,p}ᵀ:  ‖∇W_i‖² = Σ_{p,p'} ⟨u_p, u_p'⟩⟨g_p, g_p'⟩ (Gram form, no gradient
// formed). U is [B, P, K], G is [B, P, M]; cost B·P²·(K + M)/2, cheaper than the per-example
// product when P is small against K·M/(K + M).
__attribute__((export_name("gram_sq_norms")))
void gram_sq_norms(const float* U, const float* G, double* sq, int B, int P, int K, int M) {
  for (int i = 0; i < B; i++) {
    const float* ui = U + (size_t)i * P * K;
    const float* gi = G + (size_t)i * P * M;
    double total = 0;
    for (int p = 0; p < P; p++) {
      for (int q = 0; q <= p; q++) {
        const double term = (double)dot(ui + (size_t)p * K, ui + (size_t)q * K, K) * dot(gi + (size_t)p * M, gi + (size_t)q * M, M);
        total += p == q ? term : 2 * term;
      }
    }
    sq[i] += total;
  }
}

// Hermite (Mehler) features of every coordinate, summed per class: DP-HP's sum kernel on images.
// For row i of x [n, d] and coordinate p, with φ_0 = phi0[i, p] (c·e^{−βx²}, computed by the caller):
//   φ_1 = a_0·x·φ_0,  φ_{k+1} = a_k·x·φ_k − b_k·φ_{k−1}   (coef = [a_0..a_{K−2}, b_0..b_{K−2}])
// out[c, k, p] += s_i·φ_k(x_ip) for c = label[i] (coordinates fastest, so four go in one vector).
// s_i = scale, divided by the row's feature norm (with a 1e-4 margin) when `project` is set and
// that norm is near or above 1:
// the release's sensitivity needs ‖feature row‖ ≤ 1 for every row, rounding included.
// buf holds one row's features [K, d].
__attribute__((export_name("hermite_class_sums")))
void hermite_class_sums(const float* x, const float* phi0, const int* label, const float* coef, float* out,
                        float* buf, int n, int d, int K, float scale, int project) {
  const float* a = coef;
  const float* b = coef + (K > 1 ? K - 1 : 0);
  for (int i = 0; i < n; i++) {
    const float* xi = x + (size_t)i * d;
    const float* ei = phi0 + (size_t)i * d;
    double norm2 = 0; // in double: a float sum of K·d squares could round the norm below its value
    int p = 0;
    for (; p + 4 <= d; p += 4) {
      v128_t nacc = wasm_f32x4_splat(0);
      const v128_t v = wasm_v128_load(xi + p);
      v128_t p0 = wasm_v128_load(ei + p);
      wasm_v128_store(buf + p, p0);
      nacc = wasm_f32x4_add(nacc, wasm_f32x4_mul(p0, p0));
      if (K > 1) {
        v128_t p1 = wasm_f32x4_mul(wasm_f32x4_splat(a[0]), wasm_f32x4_mul(v, p0));
        wasm_v128_store(buf + d + p, p1);
        nacc = wasm_f32x4_add(nacc, wasm_f32x4_mul(p1, p1));
        for (int k = 1; k + 1 < K; k++) {
          const v128_t p2 = wasm_f32x4_sub(wasm_f32x4_mul(wasm_f32x4_splat(a[k]), wasm_f32x4_mul(v, p1)),
                                           wasm_f32x4_mul(wasm_f32x4_splat(b[k]), p0));
          wasm_v128_store(buf + (size_t)(k + 1) * d + p, p2);
          nacc = wasm_f32x4_add(nacc, wasm_f32x4_mul(p2, p2));
          p0 = p1; p1 = p2;
        }
      }
      norm2 += (double)wasm_f32x4_extract_lane(nacc, 0) + wasm_f32x4_extract_lane(nacc, 1)
             + wasm_f32x4_extract_lane(nacc, 2) + wasm_f32x4_extract_lane(nacc, 3);
    }
    for (; p < d; p++) {
      const float v = xi[p];
      float q0 = ei[p];
      buf[p] = q0; norm2 += (double)q0 * q0;
      if (K == 1) continue;
      float q1 = a[0] * v * q0;
      buf[d + p] = q1; norm2 += (double)q1 * q1;
      for (int k = 1; k + 1 < K; k++) {
        const float q2 = a[k] * v * q1 - b[k] * q0;
        buf[(size_t)(k + 1) * d + p] = q2; norm2 += (double)q2 * q2;
        q0 = q1; q1 = q2;
      }
    }
    float s = scale;
    if (project) {
      norm2 *= (double)scale * scale;
      if (!(norm2 < 1e30)) continue; // NaN or infinite features: the row is dropped, not summed
      // The margin covers float32 rounding within each vector's partial sum (f64.sqrt is one instruction).
      if (norm2 > 1 - 1e-4) s = (float)(scale / (__builtin_sqrt(norm2) * (1 + 1e-4)));
    }
    float* oc = out + (size_t)label[i] * K * d;
    const v128_t sv = wasm_f32x4_splat(s);
    const size_t total = (size_t)K * d;
    size_t j = 0;
    for (; j + 4 <= total; j += 4) wasm_v128_store(oc + j, wasm_f32x4_add(wasm_v128_load(oc + j), wasm_f32x4_mul(sv, wasm_v128_load(buf + j))));
    for (; j < total; j++) oc[j] += s * buf[j];
  }
}

// Gradient of hermite_class_sums (without projection) w.r.t. x: dx[i, p] = scale·Σ_k dS[c_i, k, p]·φ_k'(x_ip),
// with φ_0' = −2βx·φ_0, φ_1' = a_0·(φ_0 + x·φ_0'), φ_{k+1}' = a_k·(φ_k + x·φ_k') − b_k·φ_{k−1}'.
__attribute__((export_name("hermite_class_sums_grad")))
void hermite_class_sums_grad(const float* x, const float* phi0, const int* label, const float* coef, const float* dS,
                             float* dx, int n, int d, int K, float scale, float beta) {
  const float* a = coef;
  const float* b = coef + (K > 1 ? K - 1 : 0);
  for (int i = 0; i < n; i++) {
    const float* xi = x + (size_t)i * d;
    const float* ei = phi0 + (size_t)i * d;
    const float* g = dS + (size_t)label[i] * K * d;
    float* o = dx + (size_t)i * d;
    int p = 0;
    const v128_t m2b = wasm_f32x4_splat(-2 * beta);
    for (; p + 4 <= d; p += 4) {
      const v128_t v = wasm_v128_load(xi + p);
      v128_t p0 = wasm_v128_load(ei + p);
      v128_t s0 = wasm_f32x4_mul(m2b, wasm_f32x4_mul(v, p0));
      v128_t acc = wasm_f32x4_mul(wasm_v128_load(g + p), s0);
      if (K > 1) {
        const v128_t a0 = wasm_f32x4_splat(a[0]);
        v128_t p1 = wasm_f32x4_mul(a0, wasm_f32x4_mul(v, p0));
        v128_t s1 = wasm_f32x4_mul(a0, wasm_f32x4_add(p0, wasm_f32x4_mul(v, s0)));
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(g + d + p), s1));
        for (int k = 1; k + 1 < K; k++) {
          const v128_t ak = wasm_f32x4_splat(a[k]), bk = wasm_f32x4_splat(b[k]);
          const v128_t p2 = wasm_f32x4_sub(wasm_f32x4_mul(ak, wasm_f32x4_mul(v, p1)), wasm_f32x4_mul(bk, p0));
          const v128_t s2 = wasm_f32x4_sub(wasm_f32x4_mul(ak, wasm_f32x4_add(p1, wasm_f32x4_mul(v, s1))), wasm_f32x4_mul(bk, s0));
          acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(g + (size_t)(k + 1) * d + p), s2));
          p0 = p1; p1 = p2; s0 = s1; s1 = s2;
        }
      }
      wasm_v128_store(o + p, wasm_f32x4_mul(wasm_f32x4_splat(scale), acc));
    }
    for (; p < d; p++) {
      const float v = xi[p];
      float q0 = ei[p], t0 = -2 * beta * v * q0;
      float acc = g[p] * t0;
      if (K > 1) {
        float q1 = a[0] * v * q0, t1 = a[0] * (q0 + v * t0);
        acc += g[d + p] * t1;
        for (int k = 1; k + 1 < K; k++) {
          const float q2 = a[k] * v * q1 - b[k] * q0, t2 = a[k] * (q1 + v * t1) - b[k] * t0;
          acc += g[(size_t)(k + 1) * d + p] * t2;
          q0 = q1; q1 = q2; t0 = t1; t1 = t2;
        }
      }
      o[p] = scale * acc;
    }
  }
}

// A forward 2-D convolution (NHWC) for layers with few output channels, C a multiple of 4:
//   out[b, oy, ox, m] = Σ_{kh, kw, c} x[b, oy·sh + kh − pt, ox·sw + kw − pl, c] · wt[m, kh, kw, c]
// with the filter given output-channel first (wt). Vectors run over the input channels. XNNPACK
// reaches ~2 GFLOPS on an 8 → 1 layer (an image generator's last one); this loop several times that.
__attribute__((export_name("conv_forward_few_outputs")))
void conv_forward_few_outputs(const float* x, const float* wt, float* out, int B, int H, int W, int C,
                              int OH, int OW, int M, int KH, int KW, int sh, int sw, int pt, int pl) {
  for (int b = 0; b < B; b++) {
    const float* xb = x + (size_t)b * H * W * C;
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        float* o = out + (((size_t)b * OH + oy) * OW + ox) * M;
        for (int m = 0; m < M; m++) {
          v128_t acc = wasm_f32x4_splat(0);
          for (int kh = 0; kh < KH; kh++) {
            const int iy = oy * sh + kh - pt;
            if (iy < 0 || iy >= H) continue;
            for (int kw = 0; kw < KW; kw++) {
              const int ix = ox * sw + kw - pl;
              if (ix < 0 || ix >= W) continue;
              const float* xp = xb + ((size_t)iy * W + ix) * C;
              const float* wp = wt + (((size_t)m * KH + kh) * KW + kw) * C;
              for (int c = 0; c < C; c += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(xp + c), wasm_v128_load(wp + c)));
            }
          }
          o[m] = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) + wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
        }
      }
    }
  }
}
