// Command bare serves one file's bytes from memory with a bare net/http handler: the
// reference the record page's throughput is compared with (see bench/http.sh). With -headers
// it also sends the response headers recorded in that file (curl -D output), so that the cost
// of the headers alone can be measured apart from the rest of gongkai's path.
package main

import (
	"bufio"
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	file := flag.String("file", "", "file to serve")
	headers := flag.String("headers", "", "a file of response headers to send too (curl -D)")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	extra := http.Header{}
	if *headers != "" {
		f, err := os.Open(*headers)
		if err != nil {
			log.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), ":")
			switch k = http.CanonicalHeaderKey(strings.TrimSpace(k)); {
			case !ok, k == "Date", k == "Content-Length", k == "Content-Type":
			default:
				extra[k] = append(extra[k], strings.TrimSpace(v))
			}
		}
		f.Close()
	}
	n := strconv.Itoa(len(body))
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range extra {
			h[k] = v
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Length", n)
		w.Write(body)
	})))
}
