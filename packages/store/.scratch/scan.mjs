import Database from 'better-sqlite3';
const db=new Database('/tmp/sqc.db'); db.pragma('cache_size=-131072');
let t=performance.now(); let r=db.prepare("select * from shards where +campaign_id=? and status not in ('done','diverged') and seq>? order by seq limit ?").all('c',0,1e7); console.log('all obj', r.length, performance.now()-t);
t=performance.now(); r=db.prepare("select * from shards where +campaign_id=? and status not in ('done','diverged') and seq>? order by seq limit ?").raw().all('c',0,1e7); console.log('all raw', r.length, performance.now()-t);
t=performance.now(); r=db.prepare("select count(*) from shards where +campaign_id=? and status not in ('done','diverged') and seq>? order by seq limit ?").all('c',0,1e7); console.log('count', r, performance.now()-t);
t=performance.now(); let n=0; for (const x of db.prepare("select * from shards where +campaign_id=? and status not in ('done','diverged') and seq>? order by seq limit ?").iterate('c',0,1e7)) n++; console.log('iter', n, performance.now()-t);
t=performance.now(); r=[]; let last=0; for(;;){ const page=db.prepare("select * from shards where +campaign_id=? and status not in ('done','diverged') and seq>? order by seq limit ?").all('c',last,10000); if(!page.length) break; last=page[page.length-1].seq; r.push(...page);} console.log('paged', r.length, performance.now()-t);
console.log(db.prepare("explain query plan select * from shards where +campaign_id=? and status not in ('done','diverged') and seq>? order by seq limit ?").all('c',0,1));
