import Database from 'better-sqlite3';
import fs from 'node:fs';
const variant = process.argv[2] ?? '';
const f='/tmp/sqc.db'; for (const s of ['','-wal','-shm']) fs.rmSync(f+s,{force:true});
const db=new Database(f); db.pragma('journal_mode=WAL'); db.pragma('synchronous=NORMAL'); db.pragma('foreign_keys=ON');
db.pragma('cache_size=-131072');
const wr = variant.includes('wr') ? 'without rowid' : '';
db.exec(`create table campaigns(id text primary key);
create table points(campaign_id text references campaigns(id), point_id text, primary key(campaign_id,point_id)) without rowid;
create table shards(seq integer primary key, shard_id text not null unique, campaign_id text not null, point_id text not null, replicate int, block int, lo int, hi int, status text not null default 'pending', attempts int not null default 0, agent text, started_at int, finished_at int, error text, foreign key(campaign_id,point_id) references points(campaign_id,point_id));
${variant.includes('open')?"create index sh_open on shards(campaign_id, seq) where status not in ('done','diverged');":''}
create table res(shard_id text primary key references shards(shard_id), campaign_id text not null, point_id text not null, replicate int not null, block int not null, status text, stats blob, agent text, started_at int, finished_at int) ${wr};
${variant.includes('rp')?'create index res_point on res(campaign_id, point_id, replicate, block);':''}
`);
db.prepare("insert into campaigns values('c')").run();
const N=+(process.argv[3]??1e5), P=1000;
const pid = (p)=> 'p'+(p*2654435761%4294967296).toString(16).padStart(16,'0');
db.transaction(()=>{const s=db.prepare('insert into points values(?,?)'); for(let p=0;p<P;p++) s.run('c',pid(p));})();
const ins=db.prepare('insert or ignore into shards(shard_id,campaign_id,point_id,replicate,block,lo,hi) values(?,?,?,?,?,?,?)');
db.transaction(()=>{for(let k=0;k<N;k++){const p=k%P; const q=pid(p); ins.run(q+':'+(k/P|0),'c',q,k/P|0,0,0,5000);}})();
const blob=Buffer.alloc(200,7);
const ir= variant.includes('sel') ? db.prepare('insert or ignore into res select shard_id,campaign_id,point_id,replicate,block,?,?,?,?,? from shards where shard_id=?') : db.prepare('insert or ignore into res values(?,?,?,?,?,?,?,?,?,?)');
const up=db.prepare("update shards set status=?, agent=?, started_at=?, finished_at=? where shard_id=?");
const commit= variant.includes('sel') ? db.transaction((id)=>{const r=ir.run('done',blob,'a',1,2,id); if(r.changes) up.run('done','a',1,2,id); return r.changes>0;})
 : db.transaction((id,p,rep)=>{const r=ir.run(id,'c',p,rep,0,'done',blob,'a',1,2); if(r.changes) up.run('done','a',1,2,id); return r.changes>0;});
const M=1e5;
let t=performance.now(); for(let i=0;i<M;i++){const p=i%P; const q=pid(p); commit(q+':'+(i/P|0), q, i/P|0);} const dt=performance.now()-t;
console.log(variant, N, 'commit us', (dt*1000/M).toFixed(1));
