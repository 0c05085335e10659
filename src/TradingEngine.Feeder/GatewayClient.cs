using System;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// Posts one batch body to <c>/v1/md/batches</c> and classifies the answer. Synchronous on purpose: it runs on the
    /// feeder's own background thread, never on the platform's. The token goes in the Authorization header only.
    /// </summary>
    internal sealed class GatewayClient : IDisposable
    {
        private static readonly Regex s_accepted = new Regex("\"accepted\":(\\d+)", RegexOptions.CultureInvariant);
        private static readonly Regex s_rejected = new Regex("\"rejected\":(\\d+)", RegexOptions.CultureInvariant);
        private static readonly Regex s_reason = new Regex("\"reason\":\"(\\w+)\"", RegexOptions.CultureInvariant);
        private readonly HttpClient _http;
        private readonly Uri _endpoint;
        private readonly bool _gzip;

        public GatewayClient(FeederOptions options, HttpMessageHandler handler)
        {
            _http = handler != null ? new HttpClient(handler, false) : new HttpClient();
            _http.Timeout = options.RequestTimeout;
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            // .NET Framework's handler sends "Expect: 100-continue" on a POST and waits up to 350 ms for the answer: not to a known gateway
            _http.DefaultRequestHeaders.ExpectContinue = false;
            _endpoint = new Uri(options.GatewayUrl, "/v1/md/batches");
            _gzip = options.Gzip;
        }

        public SendOutcome Send(string body, FeederStats stats, CancellationToken cancellationToken) =>
            SendAsync(Content(body), stats, cancellationToken).GetAwaiter().GetResult();

        /// <summary>Posts a body prepared by <see cref="Content"/> (on the caller's thread, so the HTTP part alone runs in the background).</summary>
        public async Task<SendOutcome> SendAsync(HttpContent content, FeederStats stats, CancellationToken cancellationToken)
        {
            var outcome = new SendOutcome();
            try
            {
                using (var request = new HttpRequestMessage(HttpMethod.Post, _endpoint))
                {
                    request.Content = content;
                    using (var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false))
                    {
                        outcome.Status = (int)response.StatusCode;
                        outcome.Detail = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        var retry = response.Headers.RetryAfter;
                        if (retry != null)
                            outcome.RetryAfter = retry.Delta ?? (retry.Date.HasValue ? retry.Date.Value - DateTimeOffset.UtcNow : (TimeSpan?)null);
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException)
            {
                outcome.Result = SendResult.Retry;
                outcome.Detail = "gateway unreachable: " + Innermost(ex);
                return outcome;
            }
            if (outcome.Status == 200)
            {
                if (outcome.Detail.Contains("\"status\":\"duplicate\""))
                {
                    outcome.Result = SendResult.Duplicate;
                    return outcome;
                }
                outcome.Result = SendResult.Stored;
                outcome.Accepted = Number(s_accepted, outcome.Detail);
                outcome.Rejected = Number(s_rejected, outcome.Detail);
                if (outcome.Rejected > 0)
                {
                    foreach (Match m in s_reason.Matches(outcome.Detail))
                        stats.OnRejected(m.Groups[1].Value);
                }
                return outcome;
            }
            // 409: a batch before this one is not stored yet (several in flight, one of them failed): it is re-sent from the spill, in order
            outcome.Result = outcome.Status == 429 || outcome.Status == 409 || outcome.Status >= 500 ? SendResult.Retry : SendResult.Refused;
            return outcome;
        }

        public HttpContent Content(string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            return Content(bytes, bytes.Length, _gzip ? new MemoryStream(bytes.Length / 4 + 64) : null);
        }

        /// <summary>The body of a reused <see cref="BatchBuffer"/> (gzip into its own stream): nothing allocated per row.</summary>
        public HttpContent Content(BatchBuffer batch) => Content(batch.Json, batch.Length, _gzip ? batch.Gzip : null);

        private static HttpContent Content(byte[] json, int length, MemoryStream gzip)
        {
            HttpContent content;
            if (gzip != null)
            {
                gzip.SetLength(0);
                using (var z = new GZipStream(gzip, CompressionLevel.Fastest, true))
                    z.Write(json, 0, length);
                content = new ByteArrayContent(gzip.GetBuffer(), 0, (int)gzip.Length);
                content.Headers.ContentEncoding.Add("gzip");
            }
            else
                content = new ByteArrayContent(json, 0, length);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }

        private static int Number(Regex r, string text)
        {
            var m = r.Match(text);
            return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        private static string Innermost(Exception ex)
        {
            var e = ex;
            while (e.InnerException != null)
                e = e.InnerException;
            return e.Message;
        }

        public void Dispose() => _http.Dispose();
    }
}
