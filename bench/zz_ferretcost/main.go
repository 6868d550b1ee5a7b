// Throwaway: what FerretDB operations cost as a collection grows.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/store"
)

func main() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "fcost")
	defer os.RemoveAll(dir)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	st, err := store.Open(ctx, store.Options{Database: "cost", DataDir: dir, Logger: logger})
	if err != nil {
		panic(err)
	}
	defer st.Close(ctx)
	for _, size := range []int{200, 12000} {
		pad := strings.Repeat("x", size)
		c := st.DB().Collection(fmt.Sprintf("c%d", size))
		if _, err := c.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "status", Value: 1}}}); err != nil {
			panic(err)
		}
		total := 0
		for _, target := range []int{1000, 4000, 16000} {
			for total < target {
				docs := make([]any, 0, 500)
				for i := 0; i < 500; i++ {
					docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("id%07d", total)}, {Key: "status", Value: "pending"}, {Key: "n", Value: total}, {Key: "pad", Value: pad}})
					total++
				}
				t := time.Now()
				if _, err := c.InsertMany(ctx, docs); err != nil {
					panic(err)
				}
				if total == target {
					fmt.Printf("size=%5dB n=%6d InsertMany(500)       %8.2fms\n", size, total, ms(t))
				}
			}
			id := func(i int) string { return fmt.Sprintf("id%07d", i) }
			k := 20
			t := time.Now()
			for i := 0; i < k; i++ {
				if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id(i * 37 % total)}}).Err(); err != nil {
					panic(err)
				}
			}
			fmt.Printf("size=%5dB n=%6d FindOne _id           %8.2fms\n", size, total, ms(t)/float64(k))
			t = time.Now()
			for i := 0; i < k; i++ {
				if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id(i * 37 % total)}}, bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: -1}}}}); err != nil {
					panic(err)
				}
			}
			fmt.Printf("size=%5dB n=%6d UpdateOne _id         %8.2fms\n", size, total, ms(t)/float64(k))
			t = time.Now()
			for i := 0; i < k; i++ {
				if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id(i * 37 % total)}, {Key: "status", Value: "pending"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: -2}}}}); err != nil {
					panic(err)
				}
			}
			fmt.Printf("size=%5dB n=%6d UpdateOne _id+status  %8.2fms\n", size, total, ms(t)/float64(k))
			ids := make([]string, 100)
			for i := range ids {
				ids[i] = id(i * 7 % total)
			}
			t = time.Now()
			if _, err := c.UpdateMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: -3}}}}); err != nil {
				panic(err)
			}
			fmt.Printf("size=%5dB n=%6d UpdateMany $in 100    %8.2fms\n", size, total, ms(t))
			t = time.Now()
			cur, err := c.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
			if err != nil {
				panic(err)
			}
			var got []bson.M
			if err := cur.All(ctx, &got); err != nil {
				panic(err)
			}
			fmt.Printf("size=%5dB n=%6d Find $in 100          %8.2fms\n", size, total, ms(t))
			t = time.Now()
			cur, err = c.Find(ctx, bson.D{{Key: "status", Value: "nope"}}, options.Find().SetLimit(10))
			if err != nil {
				panic(err)
			}
			if err := cur.All(ctx, &got); err != nil {
				panic(err)
			}
			fmt.Printf("size=%5dB n=%6d Find status (0 hits)  %8.2fms\n", size, total, ms(t))
			t = time.Now()
			if _, err := c.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}); err != nil {
				panic(err)
			}
			fmt.Printf("size=%5dB n=%6d DeleteMany $in 100    %8.2fms\n", size, total, ms(t))
			t = time.Now()
			for i := 0; i < k; i++ {
				if _, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id(900 + i)}}); err != nil {
					panic(err)
				}
			}
			fmt.Printf("size=%5dB n=%6d DeleteOne _id         %8.2fms\n", size, total, ms(t)/float64(k))
			// put them back
			docs := []any{}
			for _, x := range ids {
				docs = append(docs, bson.D{{Key: "_id", Value: x}, {Key: "status", Value: "pending"}, {Key: "pad", Value: pad}})
			}
			for i := 0; i < k; i++ {
				docs = append(docs, bson.D{{Key: "_id", Value: id(900 + i)}, {Key: "status", Value: "pending"}, {Key: "pad", Value: pad}})
			}
			_, _ = c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
			t = time.Now()
			if _, err := c.CountDocuments(ctx, bson.D{{Key: "status", Value: "pending"}}); err != nil {
				panic(err)
			}
			fmt.Printf("size=%5dB n=%6d Count status          %8.2fms\n", size, total, ms(t))
		}
	}
}

func ms(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }
