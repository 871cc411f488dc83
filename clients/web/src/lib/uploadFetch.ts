// A fetch over XMLHttpRequest, because fetch() cannot report upload progress and a 25 MB upload should show it.
export function fetchWithUploadProgress(onProgress: (fraction: number) => void): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(init?.method ?? "GET", typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      xhr.responseType = "arraybuffer";
      new Headers(init?.headers).forEach((value, key) => xhr.setRequestHeader(key, value));
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        const headers = new Headers();
        xhr.getAllResponseHeaders().trim().split(/[\r\n]+/).forEach((line) => {
          const at = line.indexOf(":");
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
        });
        resolve(new Response(xhr.response as ArrayBuffer, { status: xhr.status, statusText: xhr.statusText, headers }));
      };
      xhr.onerror = () => reject(new TypeError("network error"));
      xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
      init?.signal?.addEventListener("abort", () => xhr.abort());
      xhr.send(init?.body as XMLHttpRequestBodyInit | null);
    });
}
