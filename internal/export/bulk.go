package export

import "gongkai/internal/web"

// recordBatch is how many record pages render together: their data is read in a few queries
// for the batch (web.Exporter.RecordPages), where the handler of one page runs about nine.
// Each batch is one job, so that the workers read one batch while rendering another.
const recordBatch = 250

// batched groups the planned record pages of jobs into batches; other jobs stay as they are.
func (r *run) batched(jobs []job) []job {
	if r.opts.perPage {
		return jobs
	}
	out := make([]job, 0, len(jobs))
	var b []job
	for _, j := range jobs {
		if j.seeded && j.patch == nil && j.batch == nil && j.t.Kind == kindRecord {
			b = append(b, j)
			if len(b) == recordBatch {
				out = append(out, job{batch: b})
				b = nil
			}
			continue
		}
		out = append(out, j)
	}
	if len(b) > 0 {
		out = append(out, job{batch: b})
	}
	return out
}

// doBatch renders a batch of record pages from data read in bulk; a page the bulk path
// leaves out (a record withdrawn since the run listed it, say) is rendered by its handler,
// which answers it as the live site does.
func (r *run) doBatch(batch []job) error {
	addrs := make([]web.RecordAddr, len(batch))
	for i, j := range batch {
		addrs[i] = web.RecordAddr{Unit: j.t.Unit, ID: j.t.RecordID}
	}
	pages, err := r.ex.RecordPages(r.ctx, addrs)
	if err != nil {
		return err
	}
	for i, j := range batch {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if pages[i].Status == 0 {
			err = r.do(j)
		} else {
			err = r.take(j, pages[i])
		}
		if err != nil {
			return err
		}
	}
	return nil
}
